import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit
from reminders import kinds


class Reminder(models.Model):
    """A reminder about any object, for a unit or a user, sent once when due (reminders.services).

    It holds no personal data: the object is referred to by type and id, the text is the kind's
    translatable message with safe parameters (codes, counts, dates)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    # A string, so objects with integer and uuid keys alike can have reminders.
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders", verbose_name=_("unit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("user"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once, by the one runner that sends it (reminders.services.reminders_send_due).
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(user__isnull=True))
                | (Q(unit__isnull=True) & Q(user__isnull=False)),
                name="reminder_exactly_one_recipient",
                violation_error_message=_("A reminder is for a unit or for a user, not both."),
            ),
            models.CheckConstraint(condition=Q(kind__regex=r"^[a-z][a-z0-9_]{0,39}$"), name="reminder_kind_format"),
        ]
        indexes = [
            # The periodic job's question: what is due and not yet sent or cancelled?
            models.Index(
                fields=["due_at"],
                name="reminder_pending_due",
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(fields=["content_type", "object_id"], name="reminder_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        kind = kinds.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def message(self) -> str:
        """The kind's message in the active language, with its parameters."""
        kind = kinds.get(self.kind)
        if kind is None:
            return self.kind
        try:
            return str(kind.message) % self.params if self.params else str(kind.message)
        except (KeyError, TypeError, ValueError):  # a message and its parameters that do not fit
            return str(kind.label)

    def object_url(self) -> str | None:
        target = self.target
        get_url = getattr(target, "get_absolute_url", None)
        return get_url() if callable(get_url) else None
