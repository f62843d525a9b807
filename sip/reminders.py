"""The SIP's reminders, through reminders/ (never polling): each is scheduled when the event that
makes it due happens, replaces an earlier one of its kind for the same plan, and is sent once by
`manage.py periodic` (reminders.services.reminders_send_due), to the start page and by e-mail.
The texts carry dates and codes only, never anything about the person."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Actor
from organisations.models import Unit
from reminders import kinds
from reminders.services import reminder_schedule, reminders_cancel_for
from sip.models import Invitation, Sip

FOLLOW_UP_DUE = "sip_follow_up_due"
INVITATION_UNANSWERED = "sip_invitation_unanswered"
INVITED = "sip_invited"
CONSENT_EXPIRING = "sip_consent_expiring"
NOT_AGREED = "sip_not_agreed"

CONSENT_WARNING_DAYS = 14
# The morning of the day a reminder is about (local time), so it is on the start page at work.
REMIND_AT = datetime.time(7, 0)


def not_agreed_days() -> int:
    """How many days after the recognised need an unagreed plan is reminded of ("without delay")."""
    return int(settings.SIP_AGREE_WITHIN_DAYS)


def register_kinds() -> None:
    kinds.register(FOLLOW_UP_DUE, label=_("SIP follow-up due"),
                   message=_("A coordinated individual plan is to be followed up on %(date)s."))  # fmt: skip
    kinds.register(INVITATION_UNANSWERED, label=_("SIP invitation unanswered"),
                   message=_("A SIP invitation was not answered by %(date)s."))  # fmt: skip
    kinds.register(INVITED, label=_("Invitation to a SIP"),
                   message=_("Your unit is invited to a coordinated individual plan. Answer by %(date)s."))  # fmt: skip
    kinds.register(CONSENT_EXPIRING, label=_("SIP consent about to expire"),
                   message=_("The consent behind a coordinated individual plan ends on %(date)s."))  # fmt: skip
    kinds.register(NOT_AGREED, label=_("SIP not agreed"),
                   message=_("A SIP is not agreed %(days)s days after the need."))  # fmt: skip


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, REMIND_AT))


def _not_before_now(when: datetime.datetime) -> datetime.datetime:
    # Already due when scheduled (e.g. a need recognised long ago): due now, sent at the next run.
    return max(when, timezone.now())


def _replace(sip: Sip, kind: str, due_at: datetime.datetime, unit: Unit, actor: Actor, params: dict) -> None:
    reminders_cancel_for(obj=sip, actor=actor, kind=kind)
    reminder_schedule(obj=sip, kind=kind, due_at=_not_before_now(due_at), unit=unit, actor=actor, params=params)


def schedule_follow_up(sip: Sip, actor: Actor) -> None:
    reminders_cancel_for(obj=sip, actor=actor, kind=FOLLOW_UP_DUE)
    if sip.next_follow_up_on is not None and sip.is_active:
        _replace(sip, FOLLOW_UP_DUE, _at(sip.next_follow_up_on), sip.coordinating_unit, actor,
                 {"date": sip.next_follow_up_on.isoformat()})  # fmt: skip


def schedule_not_agreed(sip: Sip, actor: Actor) -> None:
    days = not_agreed_days()
    _replace(sip, NOT_AGREED, _at(sip.need_recognised_on + datetime.timedelta(days=days)), sip.coordinating_unit,
             actor, {"days": days})  # fmt: skip


def schedule_consent_expiring(sip: Sip, actor: Actor) -> None:
    until = sip.consent.valid_until
    reminders_cancel_for(obj=sip, actor=actor, kind=CONSENT_EXPIRING)
    if until is not None:
        _replace(sip, CONSENT_EXPIRING, _at(until - datetime.timedelta(days=CONSENT_WARNING_DAYS)),
                 sip.coordinating_unit, actor, {"date": until.isoformat()})  # fmt: skip


def schedule_invitation(invitation: Invitation, actor: Actor) -> None:
    """The invited unit hears of it now (start page, e-mail with a link only); the coordinating unit
    the morning after the answer date, if it is still unanswered then."""
    sip = invitation.sip
    unit = invitation.participant.unit
    date = {"date": invitation.answer_by.isoformat()}
    if unit is not None and unit.is_active:
        reminder_schedule(obj=sip, kind=INVITED, due_at=timezone.now(), unit=unit, actor=actor, params=date)
    reminder_schedule(obj=invitation, kind=INVITATION_UNANSWERED,
                      due_at=_not_before_now(_at(invitation.answer_by + datetime.timedelta(days=1))),
                      unit=sip.coordinating_unit, actor=actor, params=date)  # fmt: skip


def invitation_answered(invitation: Invitation, actor: Actor) -> None:
    reminders_cancel_for(obj=invitation, actor=actor, kind=INVITATION_UNANSWERED)


def plan_agreed(sip: Sip, actor: Actor) -> None:
    reminders_cancel_for(obj=sip, actor=actor, kind=NOT_AGREED)
    schedule_follow_up(sip, actor)


def plan_closed(sip: Sip, actor: Actor) -> None:
    reminders_cancel_for(obj=sip, actor=actor)
