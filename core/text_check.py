"""The live check beside a text field (HTMX): POST /text-check/ answers with the findings for one
field as an HTML fragment; ``core/_text_check.html`` wires a textarea to it.

The field's name comes in the query string (``?field=description``), its text in the body: only
that field is sent (hx-params). The text is neither logged nor stored, and the fragment names
kinds and places, never the text (the page's own field already shows it).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from access.policy import staff_required
from core import personal_data

FIELD_NAME_MAX = 100


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@require_POST
@staff_required
def text_check(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("field", "")[:FIELD_NAME_MAX]
    text = request.POST.get(name, "") if name else ""
    context: dict = {"too_long": len(text) > personal_data.MAX_TEXT_LENGTH, "max": personal_data.MAX_TEXT_LENGTH}
    if not context["too_long"]:
        context["items"] = [
            {
                "finding": finding,
                "kind": personal_data.kind_name(finding.kind),
                "message": personal_data.describe(finding),
            }
            for finding in personal_data.findings(text)
        ]
    return render(request, "core/_text_check_findings.html", context)
