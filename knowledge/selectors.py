"""Reads of knowledge pages, for the staff pages and the public ones alike."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from knowledge.models import KnowledgePage, KnowledgeTerm, KnowledgeVersion, Visibility
from knowledge.search import query_terms


def pages_visible(*, public: bool) -> QuerySet[KnowledgePage]:
    pages = KnowledgePage.objects.all()
    return pages.filter(visibility=Visibility.PUBLIC) if public else pages


def pages_search(query: str, *, public: bool) -> QuerySet[KnowledgePage]:
    """Pages with every word of the query (as the beginning of a word: "alk" finds "alkohol"),
    those with the words in the title first."""
    pages = pages_visible(public=public).select_related("owner")
    terms = query_terms(query)
    for term in terms:
        pages = pages.filter(Exists(KnowledgeTerm.objects.filter(page=OuterRef("pk"), term__startswith=term)))
    if terms:
        in_title = KnowledgeTerm.objects.filter(page=OuterRef("pk"), term__startswith=terms[0], in_title=True)
        return pages.annotate(title_hit=Exists(in_title)).order_by("-title_hit", "title")
    return pages.order_by("title")


def page_get(slug: str, *, public: bool) -> KnowledgePage:
    """The page with its versions (newest first), or 404 (a staff-only page is not found publicly)."""
    versions = KnowledgeVersion.objects.select_related("author").order_by("-number")
    page = (
        pages_visible(public=public)
        .select_related("owner")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .filter(slug=slug)
        .first()
    )
    if page is None:
        raise Http404
    return page


def version_get(page: KnowledgePage, number: int) -> KnowledgeVersion:
    for version in page.versions.all():
        if version.number == number:
            return version
    raise Http404


def version_by_id(page: KnowledgePage, version_id: int) -> KnowledgeVersion:
    """A version of this page by its internal id (the address of an old version)."""
    for version in page.versions.all():
        if version.pk == version_id:
            return version
    raise Http404
