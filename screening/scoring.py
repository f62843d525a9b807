"""The one scoring service: every total, subscale, zone and piece of advice in Samverkan comes
from `score` (the API, the public self-test, and results given to an individual).

Pure functions of a Definition (screening/definition.py) and the answers: nothing is read or
stored here. A missing answer never counts as 0: it is refused, unless the instrument's own skip
rule leaves that item out (AUDIT: item 1 "never" means items 2–8 are not asked and score 0).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from screening.definition import SEXES, Definition, Item, SkipRule, Zone

# Why a zone could not be given (the total still is).
SEX_NEEDED = "sex_needed"


@dataclass(frozen=True)
class AnswerError:
    field: str  # "answers", "answers.<index from 0>", "sex" or "age" (the API's field names)
    message: str


class ScoringRefused(ValueError):
    """The answers cannot be scored; `errors` says which field or item and what to fix."""

    def __init__(self, errors: list[AnswerError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True)
class Score:
    instrument: str
    version: str
    answers: tuple[int | None, ...]  # as given
    scored: tuple[int, ...]  # every item's points, skipped items completed with 0
    skipped: tuple[int, ...]  # the item numbers the skip rule completed
    total: int
    subscales: dict[str, int]
    sex: str | None
    age: int | None
    zone: Zone | None  # None only when `withheld` says why
    withheld: str | None

    @property
    def positive(self) -> bool | None:
        return None if self.zone is None else self.zone.positive

    @property
    def advice(self) -> str | None:
        return None if self.zone is None else self.zone.advice

    def as_dict(self) -> dict[str, Any]:
        """JSON to keep beside a stored result: what was answered and what it scored to."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "answers": list(self.answers),
            "scored": list(self.scored),
            "skipped": list(self.skipped),
            "total": self.total,
            "subscales": dict(self.subscales),
            "sex": self.sex,
            "age": self.age,
            "zone": None if self.zone is None else self.zone.code,
            "positive": self.positive,
            "advice": self.advice,
            "withheld": self.withheld,
        }


def score(definition: Definition, answers: Any, *, sex: str | None = None, age: Any = None) -> Score:
    """Scores one filled-in form, or raises ScoringRefused naming every wrong field and item."""
    errors = _check_person(definition, sex, age)
    scored, skipped, answer_errors = complete(definition, answers)
    errors += answer_errors
    if errors:
        raise ScoringRefused(errors)
    total = sum(scored)
    zone, withheld = classify(definition, total, sex=sex, age=age)
    return Score(
        instrument=definition.code,
        version=definition.version,
        answers=tuple(answers),
        scored=scored,
        skipped=skipped,
        total=total,
        subscales=subscale_totals(definition, scored),
        sex=sex,
        age=age,
        zone=zone,
        withheld=withheld,
    )


def complete(definition: Definition, answers: Any) -> tuple[tuple[int, ...], tuple[int, ...], list[AnswerError]]:
    """(every item's points, the items completed by a skip rule, errors)."""
    count = len(definition.items)
    if not isinstance(answers, list | tuple):
        return (), (), [AnswerError("answers", _("Send the answers as a list of points, one per item."))]
    if len(answers) != count:
        message = _("Give %(count)d answers, one per item, in order (%(given)d given).")
        return (), (), [AnswerError("answers", message % {"count": count, "given": len(answers)})]
    skipped_by = _skips_in_force(definition, answers)
    scored: list[int] = []
    errors: list[AnswerError] = []
    for index, (item, value) in enumerate(zip(definition.items, answers, strict=True)):
        rule = skipped_by.get(item.number)
        error = _check_answer(item, value, rule)
        if error:
            errors.append(AnswerError(f"answers.{index}", error))
        scored.append(value if isinstance(value, int) and not isinstance(value, bool) else 0)
    skipped = tuple(n for n in skipped_by if answers[n - 1] is None)
    return tuple(scored), skipped, errors


def _skips_in_force(definition: Definition, answers: Sequence[Any]) -> dict[int, SkipRule]:
    """item number -> the rule that leaves it out, for the rules whose deciding answer was given."""
    in_force: dict[int, SkipRule] = {}
    for rule in definition.skip_rules:
        deciding = answers[rule.item - 1]
        if _is_points(deciding) and deciding == rule.points:
            in_force.update({number: rule for number in rule.skip})
    return in_force


def _is_points(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_answer(item: Item, value: Any, rule: SkipRule | None) -> str | None:
    options = _options_text(item)
    if value is None:
        if rule is not None:
            return None
        return _("Item %(number)d is not answered: choose one of %(options)s.") % {
            "number": item.number,
            "options": options,
        }
    if not _is_points(value):
        return _("Item %(number)d: give the points of one of its options, %(options)s.") % {
            "number": item.number,
            "options": options,
        }
    if value not in item.points:
        return _("Item %(number)d: %(value)d is not one of this item's options; choose %(options)s.") % {
            "number": item.number,
            "value": value,
            "options": options,
        }
    if rule is not None and value != 0:
        return _(
            "Item %(number)d is left out when item %(item)d is %(points)d (the instrument's skip rule): "
            "leave it empty or give 0."
        ) % {"number": item.number, "item": rule.item, "points": rule.points}
    return None


def _options_text(item: Item) -> str:
    points = [str(p) for p in item.points]
    return _("%(first)s or %(last)s") % {"first": ", ".join(points[:-1]), "last": points[-1]}


def _check_person(definition: Definition, sex: Any, age: Any) -> list[AnswerError]:
    errors = []
    if sex is not None and sex not in SEXES:
        errors.append(AnswerError("sex", _("Choose female or male, or leave it out.")))
    if age is not None:
        if not _is_points(age):
            errors.append(AnswerError("age", _("Give the age in whole years.")))
        elif not definition.age_min <= age <= definition.age_max:
            message = _("Give an age from %(min)d to %(max)d: the instrument's cut-offs are set for those ages.")
            errors.append(AnswerError("age", message % {"min": definition.age_min, "max": definition.age_max}))
    return errors


def subscale_totals(definition: Definition, scored: Sequence[int]) -> dict[str, int]:
    return {subscale.code: sum(scored[n - 1] for n in subscale.items) for subscale in definition.subscales}


def classify(definition: Definition, total: int, *, sex: str | None, age: int | None) -> tuple[Zone | None, str | None]:
    """The zone for this total, sex and age; without a sex, only if both sexes land in the same zone."""
    sexes = (sex,) if sex is not None else SEXES
    codes = {definition.band(each, age).zone_code(total) for each in sexes}
    if len(codes) > 1:
        return None, SEX_NEEDED
    return definition.zone(codes.pop()), None


def zone_ranges(definition: Definition, *, sex: str, age: int | None) -> list[tuple[Zone, int, int]]:
    """(zone, lowest total, highest total) in order, for one sex and age: to explain a result."""
    starts = definition.band(sex, age).starts
    ends = [start - 1 for _code, start in starts[1:]] + [definition.max_total]
    return [(definition.zone(code), start, end) for (code, start), end in zip(starts, ends, strict=True)]


def withheld_reason(withheld: str | None) -> str | None:
    """Words for why the zone is missing (the API's `message`)."""
    if withheld == SEX_NEEDED:
        return _(
            "The zone cannot be given: this instrument's cut-offs differ for women and men, and this total "
            "falls in different zones for them. Give sex (female or male) to get the zone."
        )
    return None
