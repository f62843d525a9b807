"""Regional guidelines and treatment lines (behandlingslinjer) as versioned pages in Markdown.

A page is its current state (title, owner, review date, audience, visibility); every save adds a
version with the whole text, so "what changed" between any two versions can be shown. Search
reads KnowledgeTerm: the words of the current version, one row each, indexed for prefix search
on both PostgreSQL (varchar_pattern_ops) and SQLite."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
BODY_MAX = 100_000
NOTE_MAX = 500
TERM_MAX = 40


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: also on the public site")
    STAFF = "staff", _("Staff only")


class KnowledgePage(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="knowledge_pages", verbose_name=_("owner")
    )
    review_by = models.DateField(_("review by"))
    # Who must know the page: roles (organisations.roles.Role values).
    audience = models.JSONField(_("who must know"), default=list, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("knowledge page")
        verbose_name_plural = _("knowledge pages")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(visibility__in=["public", "staff"]), name="knowledge_page_visibility"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:page", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def past_review(self) -> bool:
        return self.review_by < timezone.localdate()


class KnowledgeVersion(models.Model):
    page = models.ForeignKey(KnowledgePage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text (Markdown)"), max_length=BODY_MAX)
    note = models.CharField(_("what changed"), max_length=NOTE_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="knowledge_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="knowledge_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class KnowledgeTerm(models.Model):
    """One word of a page's current version (lower case, accents kept), for search."""

    page = models.ForeignKey(KnowledgePage, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=TERM_MAX)
    in_title = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "term"], name="knowledge_term_unique")]
        indexes = [
            # Prefix search (term LIKE 'alk%'): PostgreSQL needs the pattern operator class unless the
            # database's collation is C; SQLite and others ignore the operator class.
            models.Index(fields=["term"], name="knowledge_term_prefix", opclasses=["varchar_pattern_ops"]),
        ]
