"""Rendering a page or, for an HTMX request, only its results fragment."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_with_results(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    htmx = bool(getattr(request, "htmx", False))
    response = render(request, f"{template}#results" if htmx else template, context)
    # The same address answers with a whole page or a fragment: without Vary the browser's cache
    # can show the bare fragment when someone goes back to a filtered list.
    patch_vary_headers(response, ("HX-Request",))
    return response
