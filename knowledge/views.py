"""The knowledge hub for staff at /knowledge/: every page, staff-only or public; process leaders
(access.policy.can_edit_knowledge) write them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.policy import can_edit_knowledge, knowledge_editor_required, staff_required, typed_user
from accounts.models import User
from core.forms import errors_onto
from knowledge import selectors
from knowledge.diff import has_changes, lines_diff
from knowledge.forms import KnowledgePageForm, SearchForm
from knowledge.models import KnowledgePage, Visibility
from knowledge.rendering import render_markdown
from knowledge.services import PageContent, knowledge_page_create, knowledge_page_update
from organisations.models import Membership
from organisations.roles import Role

PAGE_SIZE = 30


def _owners(*, keep: int | None = None) -> QuerySet[User]:
    """Whom a page may belong to: active process leaders (and ``keep``, the page's owner today)."""
    leaders = Membership.objects.active().filter(role=Role.ANALYST, user__is_active=True).values("user_id")
    return User.objects.filter(Q(pk__in=leaders) | Q(pk=keep)).order_by("first_name", "last_name", "pk")


def _content(form: KnowledgePageForm) -> PageContent:
    data = form.cleaned_data
    return PageContent(
        title=data["title"], body=data["body"], owner=data["owner"], review_by=data["review_by"],
        audience=list(data["audience"]), visibility=data["visibility"], note=data["note"],
    )  # fmt: skip


@require_GET
@staff_required
def page_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    pages = Paginator(selectors.pages_search(query, public=False), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/page_list.html",
        {"form": form, "page": pages, "query": query, "can_edit": can_edit_knowledge(request.user), "public": False},
    )


@require_GET
@staff_required
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(slug, public=False)
    version = page.versions.all()[0]
    return render(request, "knowledge/page_detail.html", _detail_context(request, page, version))


@require_GET
@staff_required
def version_detail(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    page = selectors.page_get(slug, public=False)
    found = selectors.version_by_id(page, version_id)
    return render(request, "knowledge/page_detail.html", _detail_context(request, page, found))


def _detail_context(request: HttpRequest, page: KnowledgePage, version: object) -> dict:
    versions = list(page.versions.all())
    return {
        "kp": page,
        "version": version,
        "versions": versions,
        "latest": versions[0],
        "html": render_markdown(version.body),  # type: ignore[attr-defined]
        "can_edit": can_edit_knowledge(request.user),
        "audience": [Role(role).label for role in page.audience if role in Role.values],
        "public": False,
    }


@require_GET
@staff_required
def version_diff(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(slug, public=False)
    versions = list(page.versions.all())
    try:
        newer_n = int(request.GET.get("to", versions[0].number))
        older_n = int(request.GET.get("from", max(newer_n - 1, 1)))
    except ValueError:
        raise Http404 from None
    older, newer = selectors.version_get(page, older_n), selectors.version_get(page, newer_n)
    if older.number > newer.number:
        older, newer = newer, older
    lines = lines_diff(older.body, newer.body)
    return render(
        request,
        "knowledge/version_diff.html",
        {
            "kp": page,
            "older": older,
            "newer": newer,
            "lines": lines,
            "changed": has_changes(lines),
            "versions": versions,
        },
    )


@require_http_methods(["GET", "POST"])
@knowledge_editor_required
def page_create(request: HttpRequest) -> HttpResponse:
    user = typed_user(request)
    initial = {"owner": user.pk, "visibility": Visibility.STAFF,
               "review_by": timezone.localdate().replace(year=timezone.localdate().year + 1)}  # fmt: skip
    form = KnowledgePageForm(request.POST or None, owners=_owners(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            page = knowledge_page_create(content=_content(form), author=user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("The page is published."))
            return redirect(page)
    status = 400 if form.errors else 200
    return render(request, "knowledge/page_form.html", {"form": form, "kp": None}, status=status)


@require_http_methods(["GET", "POST"])
@knowledge_editor_required
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = typed_user(request)
    page = selectors.page_get(slug, public=False)
    current = page.versions.all()[0]
    initial = {
        "title": current.title, "body": current.body, "owner": page.owner_id, "review_by": page.review_by,
        "audience": page.audience, "visibility": page.visibility, "base_version": current.number,
    }  # fmt: skip
    form = KnowledgePageForm(
        request.POST or None, owners=_owners() | User.objects.filter(pk=page.owner_id), initial=initial
    )  # noqa: E501
    if request.method == "POST" and form.is_valid():
        try:
            knowledge_page_update(
                page=page, content=_content(form), author=user, base_version=form.cleaned_data["base_version"] or 0
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("A new version is saved."))
            return redirect(page)
    status = 400 if form.errors else 200
    return render(request, "knowledge/page_form.html", {"form": form, "kp": page}, status=status)
