from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from access.policy import staff_required


@require_GET
@staff_required
def floor(request: HttpRequest) -> HttpResponse:
    """The floor: a signed-in member of staff through the whole middleware stack, and a view that
    does nothing (no queries, no template). Every page's cost above this is the page's own."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
