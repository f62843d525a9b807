"""Agreements about to expire or due for their annual follow-up are reminded to the process leader,
each exactly once per date (the periodic job ``agreements``; reminders sends them)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements.models import Agreement
from agreements.selectors import agreements_needing_attention, expires_soon, follow_up_due
from audit.services import Actor
from organisations.roles import Role
from reminders import kinds
from reminders.models import Reminder
from reminders.services import reminder_schedule

EXPIRY = "agreement_expiry"
FOLLOW_UP = "agreement_follow_up"


def kinds_register() -> None:
    kinds.register(EXPIRY, label=_("Agreement about to expire"),
                   message=_("An agreement expires on %(date)s: renew or revise it in time."))  # fmt: skip
    kinds.register(FOLLOW_UP, label=_("Agreement follow-up due"),
                   message=_("The annual follow-up of an agreement is due by %(date)s."))  # fmt: skip


def recipients(agreement: Agreement) -> list[User]:
    """The agreement's process leader; with none (or one who has left), every process leader."""
    leader = agreement.process_leader
    if leader is not None and leader.is_active:
        return [leader]
    return list(
        User.objects.filter(is_active=True, memberships__role=Role.ANALYST, memberships__ended_at__isnull=True)
        .distinct()
        .order_by("pk")
    )


def agreements_remind(now: datetime.datetime | None = None) -> str:
    """Schedule, due now, the reminders not yet scheduled for each agreement's expiry date and
    follow-up date. Run again, it finds them scheduled and adds nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    scheduled = 0
    content_type = ContentType.objects.get_for_model(Agreement)
    for agreement in agreements_needing_attention(today):
        due = []
        if expires_soon(agreement, today) and agreement.valid_to:
            due.append((EXPIRY, agreement.valid_to))
        if follow_up_due(agreement, today) and agreement.revision_due:
            due.append((FOLLOW_UP, agreement.revision_due))
        for kind, date in due:
            scheduled += _schedule_once(agreement, content_type, kind, date, now)
    return f"{scheduled} agreement reminder(s) scheduled"


def _schedule_once(agreement: Agreement, content_type: ContentType, kind: str, date: datetime.date,
                   now: datetime.datetime) -> int:  # fmt: skip
    with transaction.atomic():
        already = Reminder.objects.filter(
            content_type=content_type, object_id=str(agreement.pk), kind=kind, params__date=date.isoformat()
        ).exists()
        if already:
            return 0
        people = recipients(agreement)
        for user in people:
            reminder_schedule(obj=agreement, kind=kind, due_at=now, user=user, actor=Actor.system(),
                              params={"date": date.isoformat()})  # fmt: skip
        return len(people)
