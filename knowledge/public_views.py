"""Public knowledge pages at /hjalp/kunskap/: only pages marked public; a staff-only page is not
found (the same 404 as a page that does not exist)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from knowledge import selectors
from knowledge.forms import SearchForm
from knowledge.rendering import render_markdown

PAGE_SIZE = 30


@require_GET
def page_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    pages = Paginator(selectors.pages_search(query, public=True), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/public_list.html", {"form": form, "page": pages, "query": query, "public": True})


@require_GET
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(slug, public=True)
    version = page.versions.all()[0]
    return render(
        request,
        "knowledge/public_detail.html",
        {"kp": page, "version": version, "html": render_markdown(version.body), "public": True},
    )
