"""Units keep their own picture current (issue 12 §5): the unit's manager confirms now and then
that the unit page is right (what it offers, how to refer, whom to call). A unit not confirmed
for six months is reminded to its managers, once for each time it goes stale (the periodic job
``unit_confirmations``; reminders sends them)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import Actor
from organisations.models import Membership, Unit
from organisations.roles import Role
from reminders import kinds
from reminders.models import Reminder
from reminders.services import reminder_schedule

UNIT_CONFIRM = "unit_confirm"
STALE_AFTER = datetime.timedelta(days=182)  # six months


def kinds_register() -> None:
    kinds.register(UNIT_CONFIRM, label=_("Confirm your unit's details"),
                   message=_("Your unit's page was last confirmed on %(since)s: check it and confirm it is current."))  # fmt: skip  # noqa: E501


def baseline(unit: Unit) -> datetime.datetime:
    """Since when the unit's page counts as current: its last confirmation, else its creation."""
    return unit.confirmed_at or unit.created_at


def is_stale(unit: Unit, now: datetime.datetime) -> bool:
    return baseline(unit) < now - STALE_AFTER


def stale_units(now: datetime.datetime) -> list[Unit]:
    return list(
        Unit.objects.filter(is_active=True)
        .alias(since=Coalesce("confirmed_at", "created_at"))
        .filter(since__lt=now - STALE_AFTER)
        .order_by("pk")
    )


def units_remind_unconfirmed(now: datetime.datetime | None = None) -> str:
    """Schedule, due now, one reminder per manager of each stale unit, unless it was scheduled
    already for the same confirmation (a run again adds nothing)."""
    now = now or timezone.now()
    units = stale_units(now)
    if not units:
        return "0 unit reminder(s) scheduled"
    content_type = ContentType.objects.get_for_model(Unit)
    reminded = {
        (object_id, params.get("stamp"))
        for object_id, params in Reminder.objects.filter(
            content_type=content_type, kind=UNIT_CONFIRM, object_id__in=[str(u.pk) for u in units]
        ).values_list("object_id", "params")
    }
    managers: dict[int, list[int]] = {}
    for unit_id, user_id in (
        Membership.objects.active()
        .filter(unit__in=units, role=Role.UNIT_MANAGER, user__is_active=True)
        .order_by("user_id")
        .values_list("unit_id", "user_id")
    ):
        managers.setdefault(unit_id, []).append(user_id)
    scheduled = 0
    for unit in units:
        local = timezone.localtime(baseline(unit))
        stamp = local.strftime("%Y%m%dT%H%M%S")  # which confirmation went stale: once per stamp
        if (str(unit.pk), stamp) in reminded or not managers.get(unit.pk):
            continue
        with transaction.atomic():
            for user_id in managers[unit.pk]:
                params = {"since": local.date().isoformat(), "stamp": stamp}
                reminder_schedule(obj=unit, kind=UNIT_CONFIRM, due_at=now, user=_user(user_id),
                                  actor=Actor.system(), params=params)  # fmt: skip
                scheduled += 1
    return f"{scheduled} unit reminder(s) scheduled"


def _user(user_id: int) -> "User":
    return User.objects.get(pk=user_id)


def stale_filter(now: datetime.datetime) -> Q:
    """For lists: units not confirmed for six months."""
    return Q(confirmed_at__lt=now - STALE_AFTER) | Q(confirmed_at__isnull=True, created_at__lt=now - STALE_AFTER)
