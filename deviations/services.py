"""Writes for collaboration deficiencies: submit, answer, resolve, escalate, reopen, comment, actions.

The agreements (seed 002, "Kontinuerlig uppföljning av samverkan") ask that a problem is handled
at the lowest level that can, and lifted to the next level when it cannot: the counterpart unit
answers first, then the reporting side decides (resolved, or escalated to the local council), and
the local council may lift it to the regional council. Every step has an owner and a deadline;
every change is an Event; nothing is deleted. Each service runs atomically and takes the acting
user; the caller has asked the policy (access.policy.deviation_access) first, and each service
checks again what it needs, so no other caller can skip it.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import Actor
from deviations import rules
from deviations.models import (
    Action,
    Answer,
    Comment,
    CouncilMember,
    Counterpart,
    Draft,
    Event,
    EventKind,
    Level,
    Report,
    State,
    Step,
)
from deviations.text import check_text
from organisations.models import Council, CouncilKind, Principal, PrincipalKind, Unit
from organisations.roles import Role
from reminders.services import reminder_schedule, reminders_cancel_for

DRAFT_FIELDS = (
    "agreement",
    "happened_on",
    "reporting_unit",
    "counterpart_units",
    "counterpart_principals",
    "category",
    "what_happened",
    "consequence",
    "severity",
    "improvement",
    "anonymous",
    "source",
)
DRAFT_TEXT_FIELDS = ("what_happened", "consequence", "improvement", "source")
DRAFT_VALUE_MAX = 4000
DRAFTS_PER_USER_MAX = 20


def step_deadline(opened: datetime.datetime) -> datetime.datetime:
    return opened + datetime.timedelta(days=settings.DEVIATIONS_STEP_DAYS)


def _event(report: Report, kind: str, actor: User | None, before: str, now: datetime.datetime) -> None:
    Event.objects.create(report=report, kind=kind, actor=actor, from_state=before, to_state=report.state, at=now)


def _actor(user: User | None) -> Actor:
    return Actor.system() if user is None else Actor.for_membership(user, None)


def _managers(unit_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__unit_id=unit_id,
            memberships__role=Role.UNIT_MANAGER,
            memberships__ended_at__isnull=True,
        ).distinct()
    )


def council_members(council_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, council_seats__council_id=council_id, council_seats__ended_at__isnull=True
        ).distinct()
    )


def step_owners(step: Step) -> list[User]:
    if step.owner_unit_id is not None:
        return _managers(step.owner_unit_id)
    if step.owner_council_id is not None:
        return council_members(step.owner_council_id)
    return []


def _tell(users: Iterable[User], *, obj: Any, kind: str, report: Report, actor: User | None,
          at: datetime.datetime | None = None) -> None:  # fmt: skip
    """A reminder (in-app and e-mail, sent by the periodic job) for each user: the kind and the case's
    reference only, never what the report says."""
    now = max(at or timezone.now(), timezone.now())
    for user in {u.pk: u for u in users}.values():
        if actor is not None and user.pk == actor.pk:
            continue
        reminder_schedule(
            obj=obj, kind=kind, due_at=now, user=user, actor=_actor(actor), params={"reference": report.reference}
        )


def _open_step(report: Report, level: str, now: datetime.datetime, *, unit: Unit | None = None,
               council: Council | None = None, actor: User | None) -> Step:  # fmt: skip
    step = Step.objects.create(
        report=report,
        level=level,
        owner_unit=unit,
        owner_council=council,
        opened_at=now,
        deadline=step_deadline(now),
    )
    _tell(step_owners(step), obj=step, kind="deviation_step", report=report, actor=actor)
    return step


def _close_step(step: Step, *, decision: str, text: str, user: User | None, now: datetime.datetime) -> None:
    Step.objects.filter(pk=step.pk).update(closed_at=now, decision=decision, decision_text=text, decided_by=user)
    reminders_cancel_for(obj=step, actor=_actor(user), kind="deviation_overdue")


def regional_council() -> Council | None:
    return Council.objects.filter(kind=CouncilKind.REGIONAL, is_active=True).first()


def local_council_for(reporting_principal: Principal, counterpart_principals: Sequence[Principal]) -> Council | None:
    """The municipality's local council: the reporting municipality's, else the first counterpart municipality's."""
    municipalities = [reporting_principal] if reporting_principal.kind == PrincipalKind.MUNICIPALITY else []
    municipalities += sorted(
        (p for p in counterpart_principals if p.kind == PrincipalKind.MUNICIPALITY), key=lambda p: p.name
    )
    for municipality in municipalities:
        council = Council.objects.filter(kind=CouncilKind.LOCAL, municipality=municipality, is_active=True).first()
        if council is not None:
            return council
    return None


@transaction.atomic
def report_submit(
    *,
    reporter: User,
    agreement: str,
    happened_on: datetime.date,
    reporting_unit: Unit,
    counterpart_units: Sequence[Unit],
    counterpart_principals: Sequence[Principal],
    category: str,
    what_happened: str,
    consequence: str,
    severity: str,
    improvement: str = "",
    anonymous: bool = False,
    source: str = "",
    draft: Draft | None = None,
) -> Report:
    """Submit a report: it goes to each counterpart unit's manager, or (a principal alone named) to the council."""
    if not reporter.active_memberships or reporting_unit.pk not in {m.unit_id for m in reporter.active_memberships}:
        raise ValidationError({"reporting_unit": _("Choose a unit you work at.")})
    rules.check_happened_on(happened_on)
    rules.check_parties(
        agreement=agreement,
        reporting_unit=reporting_unit,
        counterpart_units=counterpart_units,
        counterpart_principals=counterpart_principals,
    )
    texts = {"what_happened": what_happened, "consequence": consequence, "improvement": improvement, "source": source}
    errors = {field: check_text(value) for field, value in texts.items() if check_text(value)}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    principals = [*(u.principal for u in counterpart_units), *counterpart_principals]
    local = local_council_for(reporting_unit.principal, principals)
    report = Report(
        agreement=agreement,
        happened_on=happened_on,
        reporter=reporter,
        reporting_unit=reporting_unit,
        reporting_principal=reporting_unit.principal,
        category=category,
        what_happened=what_happened,
        consequence=consequence,
        severity=severity,
        improvement=improvement,
        anonymous=anonymous,
        source=source,
        local_council=local,
        submitted_at=now,
    )
    report.full_clean()
    report.save()
    unit_principals = {u.principal_id for u in counterpart_units}
    Counterpart.objects.bulk_create(
        [Counterpart(report=report, principal_id=u.principal_id, unit=u) for u in counterpart_units]
        + [Counterpart(report=report, principal=p) for p in counterpart_principals if p.pk not in unit_principals]
    )
    _event(report, EventKind.SUBMITTED, reporter, "", now)
    if counterpart_units:
        for unit in counterpart_units:
            _open_step(report, Level.COUNTERPART, now, unit=unit, actor=reporter)
    else:
        # No unit named: the council finds who must answer (seed 002: "närmaste samverkansnivå").
        report.state = State.LOCAL_COUNCIL if local else State.REGIONAL_COUNCIL
        report.save(update_fields=["state"])
        council = local or regional_council()
        level = Level.LOCAL_COUNCIL if local else Level.REGIONAL_COUNCIL
        _open_step(report, level, now, council=council, actor=reporter)
    if draft is not None:
        Draft.objects.filter(pk=draft.pk, owner=reporter).delete()  # submitted: the draft has done its work
    return report


def _open_steps(report: Report) -> list[Step]:
    return list(Step.objects.select_for_update().filter(report=report, closed_at__isnull=True).order_by("pk"))


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_answer(*, report: Report, unit: Unit, user: User, view: str, measures: str) -> Answer:
    """The counterpart manager's view and measures; when every counterpart has answered, the reporting side decides."""
    report = _locked(report)
    errors = {f: check_text(v) for f, v in (("view", view), ("measures", measures)) if check_text(v)}
    if errors:
        raise ValidationError(errors)
    step = next((s for s in _open_steps(report) if s.level == Level.COUNTERPART and s.owner_unit_id == unit.pk), None)
    if step is None or not _manages(user, unit.pk):
        raise PermissionDenied
    now = timezone.now()
    answer = Answer(report=report, step=step, unit=unit, author=user, view=view, measures=measures, created_at=now)
    answer.full_clean()
    answer.save()
    _close_step(step, decision="answered", text="", user=user, now=now)
    before = report.state
    if report.first_answer_at is None:
        report.first_answer_at = now
        report.days_to_first_answer = (now - report.submitted_at).days
    if not any(s.level == Level.COUNTERPART for s in _open_steps(report)):
        report.state = State.ANSWERED
        report.save()
        _open_step(report, Level.REPORTER, now, unit=report.reporting_unit, actor=user)
    else:
        report.save()
    _event(report, EventKind.ANSWERED, user, before, now)
    _tell([report.reporter], obj=report, kind="deviation_update", report=report, actor=user)
    return answer


def _manages(user: User, unit_id: int) -> bool:
    return any(m.unit_id == unit_id and m.role_enum is Role.UNIT_MANAGER for m in user.active_memberships)


def _sits_on(user: User, council_id: int | None) -> bool:
    if council_id is None or not any(m.role_enum is Role.COUNCIL_MEMBER for m in user.active_memberships):
        return False
    return CouncilMember.objects.filter(council_id=council_id, user=user, ended_at__isnull=True).exists()


def _reporting_side(user: User, report: Report) -> bool:
    return user.pk == report.reporter_id or _manages(user, report.reporting_unit_id)


def _may_decide(user: User, report: Report, steps: list[Step]) -> bool:
    council = next((s.owner_council_id for s in steps if s.owner_council_id), None)
    if council is not None:
        return _sits_on(user, council)
    return _reporting_side(user, report)


@transaction.atomic
def report_resolve(*, report: Report, user: User, text: str) -> Report:
    """Resolved at the level it is at: the reporting side locally, or the council that has it."""
    report = _locked(report)
    steps = _open_steps(report)
    if report.state == State.RESOLVED or not steps or not _may_decide(user, report, steps):
        raise PermissionDenied
    _require_text("text", text)
    now = timezone.now()
    for step in steps:
        _close_step(step, decision="resolved", text=text, user=user, now=now)
    before = report.state
    report.state = State.RESOLVED
    report.resolved_at = now
    report.days_to_resolution = (now - report.submitted_at).days
    report.save()
    _event(report, EventKind.RESOLVED, user, before, now)
    _tell([report.reporter], obj=report, kind="deviation_update", report=report, actor=user)
    return report


def _require_text(field: str, text: str) -> None:
    if not text.strip():
        raise ValidationError({field: _("Write the decision and its reasons.")})
    problem = check_text(text)
    if problem:
        raise ValidationError({field: problem})


@transaction.atomic
def report_escalate(*, report: Report, user: User, text: str) -> Report:
    """Lift the case to the next level: from the units to the local council, from there to the regional."""
    report = _locked(report)
    steps = _open_steps(report)
    if report.state == State.RESOLVED or not steps:
        raise PermissionDenied
    at_council = next((s for s in steps if s.owner_council_id), None)
    counterpart_manager = any(s.owner_unit_id and _manages(user, s.owner_unit_id) for s in steps)
    if at_council is not None:
        if at_council.level == Level.REGIONAL_COUNCIL or not _sits_on(user, at_council.owner_council_id):
            raise PermissionDenied
    elif not (_reporting_side(user, report) or counterpart_manager):
        raise PermissionDenied
    _require_text("text", text)
    now = timezone.now()
    for step in steps:
        _close_step(step, decision="escalated", text=text, user=user, now=now)
    before = report.state
    to_local = at_council is None and report.local_council_id is not None
    council = report.local_council if to_local else regional_council()
    report.state = State.LOCAL_COUNCIL if to_local else State.REGIONAL_COUNCIL
    report.escalated = True
    report.save()
    kind = EventKind.ESCALATED_LOCAL if to_local else EventKind.ESCALATED_REGIONAL
    _event(report, kind, user, before, now)
    _open_step(report, Level.LOCAL_COUNCIL if to_local else Level.REGIONAL_COUNCIL, now, council=council, actor=user)
    _tell([report.reporter], obj=report, kind="deviation_update", report=report, actor=user)
    return report


@transaction.atomic
def report_reopen(*, report: Report, user: User, text: str, council_seat: bool) -> Report:
    """A resolved case opened again, at the level where it was resolved (a new step; the old stays)."""
    report = _locked(report)
    if report.state != State.RESOLVED or not (_reporting_side(user, report) or council_seat):
        raise PermissionDenied
    _require_text("text", text)
    last = Step.objects.filter(report=report, decision="resolved").order_by("-closed_at", "-pk").first()
    now = timezone.now()
    before = report.state
    if last is not None and last.owner_council_id is not None:
        level = Level(last.level)
        report.state = State.LOCAL_COUNCIL if level == Level.LOCAL_COUNCIL else State.REGIONAL_COUNCIL
        council, unit = last.owner_council, None
    else:
        level, council, unit = Level.REPORTER, None, report.reporting_unit
        report.state = State.ANSWERED
    report.resolved_at = None
    report.days_to_resolution = None
    report.save()
    _event(report, EventKind.REOPENED, user, before, now)
    Comment.objects.create(report=report, author=user, text=text, created_at=now)
    _open_step(report, level, now, unit=unit, council=council, actor=user)
    _tell([report.reporter], obj=report, kind="deviation_update", report=report, actor=user)
    return report


@transaction.atomic
def comment_add(*, report: Report, user: User, unit: Unit | None, text: str) -> Comment:
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    problem = check_text(text)
    if problem:
        raise ValidationError({"text": problem})
    now = timezone.now()
    comment = Comment(report=report, author=user, author_unit=unit, text=text, created_at=now)
    comment.full_clean()
    comment.save()
    _event(report, EventKind.COMMENTED, user, report.state, now)
    return comment


def steps_flag_overdue(now: datetime.datetime | None = None) -> str:
    """The periodic job: flag each open step past its deadline and remind its owner, exactly once.

    The flag is claimed by a conditional UPDATE (... WHERE overdue_flagged_at IS NULL), as reminders
    are sent, so two runners never remind twice."""
    now = now or timezone.now()
    due = Step.objects.filter(closed_at__isnull=True, overdue_flagged_at__isnull=True, deadline__lt=now)
    flagged = 0
    for pk in list(due.order_by("deadline", "pk").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not Step.objects.filter(pk=pk, overdue_flagged_at__isnull=True, closed_at__isnull=True).update(
                overdue_flagged_at=now
            ):
                continue
            step = Step.objects.select_related("report__reporter").get(pk=pk)
            report = step.report
            _event(report, EventKind.OVERDUE, None, report.state, now)
            _tell(step_owners(step), obj=step, kind="deviation_overdue", report=report, actor=None, at=now)
            _tell([report.reporter], obj=report, kind="deviation_update", report=report, actor=None, at=now)
            flagged += 1
    return f"{flagged} deficiency step(s) flagged overdue"


# --- Drafts ------------------------------------------------------------------------------------


def _draft_value(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v)[:100] for v in value[:50]]
    return str(value)[:DRAFT_VALUE_MAX]


@transaction.atomic
def draft_save(*, owner: User, data: dict[str, Any], draft: Draft | None) -> tuple[Draft, list[str]]:
    """Keep what the reporter has typed. A text field with an identity number is not saved (its last
    saved value stays); the names of such fields are returned, so the form can say so."""
    if draft is None:
        if Draft.objects.filter(owner=owner).count() >= DRAFTS_PER_USER_MAX:
            raise ValidationError(_("You have too many drafts: submit or discard one first."))
        draft = Draft(owner=owner, data={})
    kept = dict(draft.data)
    refused = []
    for field in DRAFT_FIELDS:
        if field not in data:
            continue
        value = _draft_value(data[field])
        if field in DRAFT_TEXT_FIELDS and check_text(str(value)):
            refused.append(field)
            continue
        kept[field] = value
    draft.data = kept
    draft.save()
    return draft, refused


@transaction.atomic
def draft_discard(*, draft: Draft, owner: User) -> None:
    Draft.objects.filter(pk=draft.pk, owner=owner).delete()


# --- Councils and actions ------------------------------------------------------------------------


@transaction.atomic
def council_seat_add(*, council: Council, user: User, seat_role: str) -> CouncilMember:
    if not any(m.role_enum is Role.COUNCIL_MEMBER for m in user.active_memberships):
        raise ValidationError({"user": _("Only staff with the council member role can sit on a council.")})
    if CouncilMember.objects.filter(council=council, user=user, ended_at__isnull=True).exists():
        raise ValidationError({"user": _("The person already sits on this council.")})
    seat = CouncilMember(council=council, user=user, seat_role=seat_role)
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def council_seat_end(*, seat: CouncilMember) -> None:
    CouncilMember.objects.filter(pk=seat.pk, ended_at__isnull=True).update(ended_at=timezone.now())


@transaction.atomic
def action_save(
    *,
    action: Action | None,
    council: Council,
    user: User,
    what: str,
    who: str,
    due_on: datetime.date,
    status: str,
    follow_up: str,
    reports: Sequence[Report],
) -> Action:
    """A council's action made of one or more of its cases (created, or changed)."""
    errors = {f: check_text(v) for f, v in (("what", what), ("who", who), ("follow_up", follow_up)) if check_text(v)}
    if errors:
        raise ValidationError(errors)
    if not reports:
        raise ValidationError({"reports": _("Choose at least one case the action comes from.")})
    if action is None:
        action = Action(council=council, created_by=user)
    action.what, action.who, action.due_on, action.status, action.follow_up = what, who, due_on, status, follow_up
    action.full_clean()
    action.save()
    before = set(action.reports.values_list("pk", flat=True))
    action.reports.set(reports)
    now = timezone.now()
    for report in reports:
        if report.pk not in before:
            _event(report, EventKind.ACTION_LINKED, user, report.state, now)
    return action
