"""The public guide "Vart vänder jag mig?" at /hjalp/: a GET form (the answers are in the query
string and nothing else: no personal data is asked, nothing is stored, no cookie is needed)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from directory.forms import GuideForm
from directory.helplines import emergency_numbers, helplines_for
from directory.questions import Urgency
from directory.selectors import Question, guide_answer, municipalities

SELF_TESTS = "/hjalp/sjalvtest/"


@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    asked = any(name in request.GET for name in GuideForm.base_fields)
    form = GuideForm(request.GET if asked else None, municipalities=municipalities())
    context: dict[str, Any] = {
        "form": form,
        "answer": None,
        "self_tests": SELF_TESTS,
        "emergency": emergency_numbers(),
        "helplines": helplines_for(None),
    }
    status = 200
    if asked and form.is_valid():
        cleaned = form.cleaned_data
        question = Question(
            cleaned["municipality"], cleaned["age"], cleaned["concern"], cleaned["urgency"], form.whom_value
        )
        answer = guide_answer(question)
        context["answer"] = answer
        context["helplines"] = answer.helplines
        context["is_emergency"] = question.urgency == Urgency.EMERGENCY
    elif asked:
        status = 400
    # No Cache-Control of our own: core's no-store stands, so that no shared computer keeps what
    # someone asked about (a question about violence may be read by the one who uses it).
    return render(request, "directory/guide.html", context, status=status)
