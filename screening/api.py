"""Screening in the JSON API (api/main.py finds this router); a fixed contract (issue 10, item 3).

POST /api/v1/screening/score scores one filled-in form with the instrument's current version;
GET /api/v1/screening/instruments lists the instruments, their versions and items. Both are public
(api.auth.public: anonymous, rate-limited per address) and stateless: the answers are neither
stored nor logged (nothing here writes a log line, and errors name items, not values given)."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictInt

from api.auth import public
from api.errors import bad_input
from screening.definition import Definition, Text
from screening.models import InstrumentVersion
from screening.scoring import ScoringRefused, score, withheld_reason
from screening.selectors import current_version, current_versions, instruments_with_versions

router = Router(tags=["screening"])

MAX_ANSWERS = 100  # far above any instrument's item count; a longer list is refused unread


class ScoreIn(Schema):
    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(
        max_length=30,
        description="The instrument's code.",
        json_schema_extra={"enum": ["audit", "audit-c", "dudit", "pgsi"]},
        examples=["audit"],
    )
    answers: list[StrictInt | None] = Field(
        max_length=MAX_ANSWERS,
        description="The points of the chosen option for item 1, item 2, … in order, one per item. null only for "
        "an item the instrument's own skip rule leaves out (AUDIT: items 2–8 when item 1 is 0; AUDIT-C: items "
        "2–3 when item 1 is 0); such an item scores 0. A missing answer is never counted as 0.",
        examples=[[1, 0, 0, 0, 0, 0, 0, 0, 0, 2]],
    )
    sex: Literal["female", "male"] | None = Field(
        None,
        description="Needed for the zone where the cut-offs differ by sex (AUDIT, AUDIT-C, DUDIT) and the total "
        "falls in different zones for women and men; without it such an answer has zone null and a message.",
    )
    age: StrictInt | None = Field(
        None,
        ge=0,
        le=150,
        description="Age in whole years, optional; the instrument's range (16–120 for these) or 400. DUDIT has "
        "preliminary cut-offs for ages 16–25; without an age the adult cut-offs apply.",
        examples=[45],
    )


class CodeLabelOut(Schema):
    code: str
    label: str = Field(description="In the request's language (Swedish by default; Accept-Language: en).")


class ScoreOut(Schema):
    instrument: str = Field(examples=["audit"])
    version: str = Field(description="The instrument version that scored the answers.", examples=["1"])
    total: int = Field(description="The sum of the items' points (skipped items count 0).")
    subscales: dict[str, int] = Field(
        description="Subscale totals by code (AUDIT: consumption 1–3, dependence 4–6, harm 7–10); {} if none."
    )
    positive: bool | None = Field(
        description="Whether the result is a positive screen for this sex and age; null when the zone is null."
    )
    zone: CodeLabelOut | None = Field(
        description="AUDIT: low, hazardous, harmful, dependence; AUDIT-C: low, hazardous; DUDIT: low, problematic, "
        "dependence; PGSI: none, low, moderate, problem. null only when sex is needed for it (see message)."
    )
    advice: CodeLabelOut | None = Field(
        description="What follows: none, brief_advice, further_assessment or refer; null when the zone is null."
    )
    message: str | None = Field(
        description="Why the zone is null (sex not given and the cut-offs differ by sex); otherwise null."
    )


class FieldErrorOut(Schema):
    field: str = Field(
        description="instrument, answers, answers.<index from 0> (the item is named in the message), sex or age."
    )
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] | None = None


class OptionOut(Schema):
    points: int
    text: dict[str, str] = Field(description="sv and en.")


class ItemOut(Schema):
    number: int
    text: dict[str, str] = Field(description="The standard wording, sv and en.")
    options: list[OptionOut]


class SkipRuleOut(Schema):
    item: int
    points: int = Field(description="When this item is answered with these points …")
    skip: list[int] = Field(description="… these items are not asked and score 0.")


class SubscaleOut(Schema):
    code: str
    label: dict[str, str]
    items: list[int]


class ZoneOut(Schema):
    code: str
    label: dict[str, str]
    positive: bool
    advice: str


class CutoffOut(Schema):
    sex: Literal["female", "male"] | None = Field(description="null: either sex.")
    age_min: int | None = Field(description="null: any age (and when age is not given).")
    age_max: int | None
    zones: dict[str, int] = Field(description="Each zone's lowest total, in order.")


class VersionOut(Schema):
    version: str
    current: bool
    created_at: datetime


class InstrumentOut(Schema):
    code: str = Field(examples=["audit"])
    short_name: str
    name: dict[str, str]
    version: str = Field(description="The current version: the one /score uses.")
    versions: list[VersionOut] = Field(description="Every version, newest first.")
    source: str
    copyright: str
    loinc_panel: str | None
    loinc_total: str | None = Field(description="LOINC code of the total score, where one exists.")
    age_min: int
    age_max: int
    max_total: int
    items: list[ItemOut]
    skip_rules: list[SkipRuleOut]
    subscales: list[SubscaleOut]
    zones: list[ZoneOut]
    cutoffs: list[CutoffOut]


@router.post(
    "/screening/score",
    auth=public,
    response={200: ScoreOut, 400: ErrorOut, 429: ErrorOut},
    summary="Score AUDIT, AUDIT-C, DUDIT or PGSI (public, nothing stored)",
    operation_id="screening_score",
)
def screening_score(request: HttpRequest, payload: ScoreIn) -> Any:
    """Scores the answers with the instrument's current version: total, subscales, zone for the sex and
    age, whether positive, and the advice that follows. Public (no sign-in), rate-limited per address;
    nothing is stored or logged. A value that is not one of an item's options, a wrong number of
    answers, an unknown instrument or an age outside the instrument's range answers 400 naming the
    field and item. Without sex, where the cut-offs differ by sex and the total falls in different
    zones for women and men, the answer keeps the total and subscales with zone, positive and advice
    null, and `message` says why."""
    version = current_version(payload.instrument)
    if version is None:
        return _unknown_instrument()
    definition = version.parsed
    try:
        result = score(definition, payload.answers, sex=payload.sex, age=payload.age)
    except ScoringRefused as refused:
        return bad_input([{"field": e.field, "message": e.message} for e in refused.errors])
    zone = result.zone
    return Status(
        200,
        {
            "instrument": definition.code,
            "version": definition.version,
            "total": result.total,
            "subscales": result.subscales,
            "positive": result.positive,
            "zone": None if zone is None else {"code": zone.code, "label": str(zone.label)},
            "advice": None if zone is None else {"code": zone.advice, "label": str(definition.advice[zone.advice])},
            "message": withheld_reason(result.withheld),
        },
    )


def _unknown_instrument() -> HttpResponse:
    codes = [version.instrument.code for version in current_versions()]
    message = _("Unknown instrument: choose one of %(codes)s.") % {"codes": ", ".join(codes)}
    return bad_input([{"field": "instrument", "message": message}])


@router.get(
    "/screening/instruments",
    auth=public,
    response={200: list[InstrumentOut], 429: ErrorOut},
    summary="The instruments, their versions and items (public)",
    operation_id="screening_instruments",
)
def screening_instruments(request: HttpRequest) -> Any:
    """Every instrument that has a current version: its items with options and points, skip rules,
    subscales, zones and cut-offs of the current version, and the names of all its versions.
    Texts in both languages (sv, en). Public, rate-limited per address."""
    listed = []
    for instrument in instruments_with_versions():
        versions: list[InstrumentVersion] = instrument.all_versions  # type: ignore[attr-defined]
        current = next((v for v in versions if v.is_current), None)
        if current is None:
            continue
        listed.append(_instrument(current.parsed, versions))
    return Status(200, listed)


def _text(text: Text) -> dict[str, str]:
    return text.as_dict()


def _instrument(definition: Definition, versions: list[InstrumentVersion]) -> dict[str, Any]:
    return {
        "code": definition.code,
        "short_name": definition.short_name,
        "name": _text(definition.name),
        "version": definition.version,
        "versions": [{"version": v.version, "current": v.is_current, "created_at": v.created_at} for v in versions],
        "source": definition.source,
        "copyright": definition.copyright,
        "loinc_panel": definition.loinc_panel,
        "loinc_total": definition.loinc_total,
        "age_min": definition.age_min,
        "age_max": definition.age_max,
        "max_total": definition.max_total,
        "items": [
            {
                "number": item.number,
                "text": _text(item.text),
                "options": [{"points": o.points, "text": _text(o.text)} for o in item.options],
            }
            for item in definition.items
        ],
        "skip_rules": [{"item": r.item, "points": r.points, "skip": list(r.skip)} for r in definition.skip_rules],
        "subscales": [{"code": s.code, "label": _text(s.label), "items": list(s.items)} for s in definition.subscales],
        "zones": [
            {"code": z.code, "label": _text(z.label), "positive": z.positive, "advice": z.advice}
            for z in definition.zones
        ],
        "cutoffs": [
            {"sex": b.sex, "age_min": b.age_min, "age_max": b.age_max, "zones": dict(b.starts)}
            for b in definition.bands
        ],
    }


from screening.care_api import router as care_router  # noqa: E402

router.add_router("", care_router)  # the FHIR export of stored results: screening/care_api.py
