from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. No self-registration: administrators invite (accounts.services)."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    title = models.CharField(_("title"), max_length=100, blank=True)
    work_phone = models.CharField(_("work phone"), max_length=30, blank=True)
    # Demo users exist only in demo mode; production refuses their sign-in (accounts.adapter).
    is_demo = models.BooleanField(_("demo user"), default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def requires_second_factor(self) -> bool:
        if self.is_superuser or self.is_staff:
            return True  # anyone who can reach the Django admin
        return any(m.role_enum.requires_second_factor for m in self.active_memberships)

    @property
    def active_memberships(self) -> list:
        cached = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = list(
                self.memberships.filter(ended_at__isnull=True)
                .select_related("unit", "unit__principal")
                .order_by("unit__name")
            )
            self._active_memberships = cached
        return cached
