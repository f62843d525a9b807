"""The public self-test at /hjalp/sjalvtest/ (issue 10, item 8): anonymous, nothing stored.

The answers travel in a POST body (not the query string, so they stay out of the browser's
history and the server's access log), are scored by screening.scoring.score (the same service as
the API) and shown once. No session is used; the CSRF cookie is the only one the form needs."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from screening.definition import SEXES, Definition, Item
from screening.places import county_places, helplines
from screening.scoring import AnswerError, Score, ScoringRefused, classify, score, zone_ranges
from screening.selectors import current_version, current_versions

GUIDE = "/hjalp/"
MAX_VALUE_LENGTH = 4  # a point is one or two digits; anything longer is refused unread


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    tests = [version.parsed for version in current_versions(public_only=True)]
    return render(request, "screening/public/index.html", {"tests": tests, "guide": GUIDE})


@dataclass
class Question:
    """One item on the form, with what was typed (kept after an error) and its error."""

    item: Item
    field: str
    chosen: str
    error: str = ""
    skip_note: str = ""


@require_http_methods(["GET", "POST"])
def self_test(request: HttpRequest, code: str) -> HttpResponse:
    version = current_version(code)
    if version is None or not version.instrument.public_self_test:
        raise Http404
    definition = version.parsed
    posted = request.POST if request.method == "POST" else None
    typed = _typed(definition, posted)
    errors: list[AnswerError] = []
    if posted is not None:
        try:
            result = score(definition, typed["answers"], sex=typed["sex"], age=typed["age"])
        except ScoringRefused as refused:
            errors = refused.errors
        else:
            return _result(request, definition, result)
    context = _form_context(definition, posted, errors)
    return render(request, "screening/public/self_test.html", context, status=400 if errors else 200)


def _typed(definition: Definition, posted: Any) -> dict[str, Any]:
    """The posted values as the scoring service takes them: a missing answer stays None."""
    if posted is None:
        return {"answers": [], "sex": None, "age": None}
    answers = [_number(posted.get(f"item_{item.number}", "")) for item in definition.items]
    sex = posted.get("sex", "") or None
    return {"answers": answers, "sex": sex, "age": _number(posted.get("age", "").strip())}


def _number(value: str) -> Any:
    if value == "":
        return None
    if len(value) <= MAX_VALUE_LENGTH and value.isascii() and value.isdigit():
        return int(value)
    return value  # the scoring service refuses it with a message naming the field


def _form_context(definition: Definition, posted: Any, errors: list[AnswerError]) -> dict[str, Any]:
    by_field = {error.field: error.message for error in errors}
    skip_notes = {rule.item: str(rule.text) for rule in definition.skip_rules}  # said under the deciding item
    questions = [
        Question(
            item=item,
            field=f"item_{item.number}",
            chosen=_kept(posted, f"item_{item.number}", MAX_VALUE_LENGTH) or "",
            error=by_field.get(f"answers.{index}", ""),
            skip_note=skip_notes.get(item.number, ""),
        )
        for index, item in enumerate(definition.items)
    ]
    summary = [(f"#{q.field}-0", q.error) for q in questions if q.error]
    if "sex" in by_field:
        summary.insert(0, ("#sex-0", by_field["sex"]))
    if "age" in by_field:
        summary.insert(0, ("#age", by_field["age"]))
    if "answers" in by_field:
        summary.insert(0, ("#questions", by_field["answers"]))
    return {
        "definition": definition,
        "questions": questions,
        "summary": summary,
        "sex_error": by_field.get("sex", ""),
        "age_error": by_field.get("age", ""),
        "sex": _kept(posted, "sex", 10),
        "age": _kept(posted, "age", MAX_VALUE_LENGTH) or "",
        "sex_choices": [("female", _("Woman")), ("male", _("Man")), ("", _("I would rather not say"))],
    }


def _kept(posted: Any, name: str, length: int) -> str | None:
    """What was sent for a field, to show it again after an error (None: nothing was sent)."""
    if posted is None or name not in posted:
        return None
    return str(posted.get(name))[:length]


def _result(request: HttpRequest, definition: Definition, result: Score) -> HttpResponse:
    joint, peers = county_places()
    by_sex = []
    if result.zone is None:
        # Without a sex, the cut-offs for women and men put this total in different zones: show both.
        for sex, label in zip(SEXES, (_("For women"), _("For men")), strict=True):
            zone, _withheld = classify(definition, result.total, sex=sex, age=result.age)
            by_sex.append((label, zone))
    scale_sex = result.sex or "male"
    context = {
        "definition": definition,
        "result": result,
        "by_sex": by_sex,
        "scales": [
            (label, zone_ranges(definition, sex=sex, age=result.age))
            for sex, label in zip(SEXES, (_("Women"), _("Men")), strict=True)
            if result.sex in (None, sex)
        ]
        if definition.depends_on_sex
        else [("", zone_ranges(definition, sex=scale_sex, age=result.age))],
        "joint_receptions": joint,
        "user_organisations": peers,
        "helplines": helplines(definition.topic),
        "guide": GUIDE,
    }
    return render(request, "screening/public/result.html", context)
