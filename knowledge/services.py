"""Writes of knowledge pages: each save is a new version (the whole text), atomically, with the
search words rebuilt from it."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from knowledge.models import KnowledgePage, KnowledgeTerm, KnowledgeVersion
from knowledge.search import words


@dataclass(frozen=True)
class PageContent:
    title: str
    body: str
    owner: User
    review_by: datetime.date
    audience: Sequence[str]
    visibility: str
    note: str = ""


RESERVED_SLUGS = {"new"}  # knowledge/urls.py's own paths


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "sida")[:70].strip("-") or "sida"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or KnowledgePage.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _terms_rebuild(page: KnowledgePage, title: str, body: str) -> None:
    KnowledgeTerm.objects.filter(page=page).delete()
    in_title = set(words(title))
    KnowledgeTerm.objects.bulk_create(
        KnowledgeTerm(page=page, term=term, in_title=term in in_title) for term in words(f"{title}\n{body}")
    )


def _apply(page: KnowledgePage, content: PageContent) -> None:
    page.title = content.title
    page.owner = content.owner
    page.review_by = content.review_by
    page.audience = sorted({str(role) for role in content.audience})
    page.visibility = content.visibility


def _normalised(content: PageContent) -> PageContent:
    """One way to write a line break (browsers send CRLF), no blank edges: so that an unchanged
    text compares equal and a diff shows only real changes."""
    body = content.body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return replace(content, title=content.title.strip(), body=body)


@transaction.atomic
def knowledge_page_create(*, content: PageContent, author: User) -> KnowledgePage:
    content = _normalised(content)
    page = KnowledgePage(slug=_unique_slug(content.title))
    _apply(page, content)
    page.full_clean()
    page.save()
    _version_add(page, content, author, number=1)
    return page


@transaction.atomic
def knowledge_page_update(
    *, page: KnowledgePage, content: PageContent, author: User, base_version: int
) -> KnowledgeVersion:  # noqa: E501
    """A new version. ``base_version`` is the version the editor started from: if someone saved a
    newer one meanwhile, nothing is saved (their changes would otherwise be silently lost)."""
    content = _normalised(content)
    page = KnowledgePage.objects.select_for_update().get(pk=page.pk)
    latest = page.versions.aggregate(n=Max("number"))["n"] or 0
    if base_version != latest:
        raise ValidationError(
            _("Someone saved a newer version while you were editing. Open the page again and make your change there.")
        )
    current = page.versions.get(number=latest)
    audience = sorted({str(role) for role in content.audience})
    unchanged: Any = (
        current.title == content.title and current.body == content.body and page.owner_id == content.owner.pk
        and page.review_by == content.review_by and sorted(page.audience) == audience
        and page.visibility == content.visibility
    )  # fmt: skip
    if unchanged:
        raise ValidationError(_("Nothing has changed: change the text or the details before saving."))
    _apply(page, content)
    page.full_clean()
    page.save()
    return _version_add(page, content, author, number=latest + 1)


def _version_add(page: KnowledgePage, content: PageContent, author: User, *, number: int) -> KnowledgeVersion:
    version = KnowledgeVersion(
        page=page, number=number, title=content.title, body=content.body, note=content.note, author=author
    )
    version.full_clean()
    version.save()
    _terms_rebuild(page, content.title, content.body)
    return version
