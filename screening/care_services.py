"""Writing the care records: each function is one transaction, so nothing is ever half-stored.

Scoring is screening.scoring's alone: `result_give` stores only what `score` accepted, with the
InstrumentVersion that scored it. The views log every write through the door (door_log) inside
the same transaction as the write.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import Actor
from individuals.models import Individual
from organisations.models import Unit
from reminders import kinds
from reminders.services import reminder_schedule
from screening import checklists
from screening.interviews import AREAS, RATING_MAX, RATING_MIN
from screening.models import InstrumentVersion
from screening.models_care import Checklist, GoalCitation, Interview, Referral, Result
from screening.scoring import Score, score

REFERRAL_TASK = "screening_referral"


def register_reminder_kinds() -> None:
    # The unit's task says only that a referral came and when: nothing about the person.
    kinds.register(
        REFERRAL_TASK,
        label=gettext_lazy("Screening referral"),
        message=gettext_lazy("Your unit has received a referral after a screening on %(date)s."),
    )


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@transaction.atomic
def result_give(
    *,
    individual: Individual,
    version: InstrumentVersion,
    answers: list[int | None],
    sex: str | None,
    age: int | None,
    setting: str,
    mode: str,
    given_on: datetime.date,
    unit: Unit,
    user: User,
) -> Result:
    """Score and store one instrument given to ``individual``; ScoringRefused leaves nothing stored."""
    scored: Score = score(version.parsed, answers, sex=sex, age=age)
    return Result.objects.create(
        individual=individual, version=version, unit=unit, given_by=user, given_on=given_on, setting=setting,
        mode=mode, answers=list(answers), scoring=scored.as_dict(), total=scored.total,
        zone=scored.zone.code if scored.zone else "", positive=scored.positive,
    )  # fmt: skip


@transaction.atomic
def advice_record(
    *,
    result: Result,
    brief_advice: bool,
    method: str,
    refer_to: Unit | None,
    consent: bool,
    user: User,
    actor: Actor,
) -> Referral | None:
    """Record the advice given after a result, and a referral; with consent the referral becomes a
    task for the receiving unit (a reminder due now, with the date of the screening only)."""
    locked = Result.objects.select_for_update().get(pk=result.pk)
    if locked.advice_recorded_at is not None:
        raise ValidationError(_("The advice after this result is already recorded."))
    if refer_to is not None and not refer_to.is_active:
        raise ValidationError({"refer_to": _("The unit is no longer active: choose another.")})
    Result.objects.filter(pk=result.pk).update(
        brief_advice=brief_advice, advice_method=method, advice_recorded_at=timezone.now(), advice_recorded_by=user
    )
    result.refresh_from_db()
    if refer_to is None:
        return None
    referral = Referral.objects.create(result=result, to_unit=refer_to, consent=consent, created_by=user)
    if consent:
        reminder_schedule(obj=referral, kind=REFERRAL_TASK, due_at=timezone.now(), unit=refer_to, actor=actor,
                          params={"date": result.given_on.isoformat()})  # fmt: skip
    return referral


@transaction.atomic
def checklist_record(
    *,
    individual: Individual,
    system: str,
    substance: str,
    ticked: list[str],
    supervised_treatment: bool,
    assessed_on: datetime.date,
    unit: Unit,
    user: User,
) -> Checklist:
    rules = checklists.SYSTEMS[system]
    if not checklists.substance_allowed(system, substance):
        message = _("Gambling disorder goes with F63.0; the substance checklists with F10–F19.")
        raise ValidationError({"substance": message})
    supervised = supervised_treatment and bool(rules.not_counted_under_supervision)
    outcome = checklists.evaluate(rules, ticked, supervised_treatment=supervised)
    return Checklist.objects.create(
        individual=individual, unit=unit, recorded_by=user, assessed_on=assessed_on, system=system,
        substance=substance, criteria=sorted(ticked), supervised_treatment=supervised, count=outcome.count,
        met=outcome.met, severity=outcome.severity,
    )  # fmt: skip


@transaction.atomic
def interview_record(
    *,
    individual: Individual,
    instrument: str,
    kind: str,
    done_on: datetime.date,
    interviewer: User,
    certification: str,
    ratings: dict[str, int],
    unit: Unit,
    user: User,
) -> Interview:
    areas = {code for code, _label in AREAS[instrument]}
    if set(ratings) != areas or any(not RATING_MIN <= value <= RATING_MAX for value in ratings.values()):
        raise ValidationError(_("Give a rating from 0 to 9 for every life area."))
    return Interview.objects.create(
        individual=individual, unit=unit, instrument=instrument, kind=kind, done_on=done_on, interviewer=interviewer,
        certification=certification, ratings=ratings, recorded_by=user,
    )  # fmt: skip


@transaction.atomic
def goal_cite(*, goal: Any, result: Result, user: User) -> GoalCitation:
    if goal.sip.individual_id != result.individual_id:
        raise ValidationError({"goal": _("Choose a goal in one of this individual's plans.")})
    citation, _created = GoalCitation.objects.get_or_create(goal=goal, result=result, defaults={"cited_by": user})
    return citation
