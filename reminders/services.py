"""Scheduling, cancelling and sending reminders. A capability calls these; the periodic job
(`manage.py periodic`, registered in reminders/apps.py) sends what is due, each exactly once."""

import datetime
import re
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import Actor
from organisations.models import Unit
from reminders import kinds
from reminders.models import Reminder
from reminders.tasks import reminder_email_send

# A due time a little in the past is "now" (the form or the clock may lag); further back is a mistake.
PAST_TOLERANCE = datetime.timedelta(minutes=5)
FURTHEST_AHEAD = datetime.timedelta(days=10 * 366)
PARAMS_MAX = 10
# Parameters are codes, counts and dates: one word of letters, digits and - _ . : / + (no spaces,
# so no full name fits), never a personal identity number.
_PARAM_KEY = re.compile(r"[a-z][a-z0-9_]{0,29}", re.ASCII)
_PARAM_TEXT = re.compile(r"[A-Za-z0-9_.:/+\-]{1,40}", re.ASCII)
_IDENTITY_NUMBER = re.compile(r"(\d{2})?\d{6}[-+]?\d{4}", re.ASCII)
SEND_BATCH = 500


def _check_params(params: dict[str, Any]) -> None:
    if not isinstance(params, dict) or len(params) > PARAMS_MAX:
        raise ValidationError({"params": _("Give at most %(max)d parameters.") % {"max": PARAMS_MAX}})
    for key, value in params.items():
        if not isinstance(key, str) or not _PARAM_KEY.fullmatch(key):
            raise ValidationError({"params": _("A parameter's name is a short code of a–z, 0–9 and _.")})
        if isinstance(value, bool) or isinstance(value, int):
            continue
        if not isinstance(value, str) or not _PARAM_TEXT.fullmatch(value) or _IDENTITY_NUMBER.fullmatch(value):
            raise ValidationError(
                {"params": _("A reminder's parameters are codes, numbers or dates, never personal data.")}
            )


@transaction.atomic
def reminder_schedule(
    *,
    obj: models.Model,
    kind: str,
    due_at: datetime.datetime,
    unit: Unit | None = None,
    user: User | None = None,
    actor: Actor,
    params: dict[str, Any] | None = None,
) -> Reminder:
    """Remind ``unit`` (everyone working there) or ``user`` (exactly one) about ``obj`` at ``due_at``."""
    params = params or {}
    if (unit is None) == (user is None):
        raise ValidationError(_("A reminder is for a unit or for a user, not both."))
    if kinds.get(kind) is None:
        raise ValidationError({"kind": _("Unknown kind of reminder.")})
    if obj.pk is None:
        raise ValidationError(_("Save the object before scheduling a reminder for it."))
    if not isinstance(due_at, datetime.datetime) or timezone.is_naive(due_at):
        raise ValidationError({"due_at": _("Give the due time with its time zone.")})
    now = timezone.now()
    if due_at < now - PAST_TOLERANCE:
        raise ValidationError({"due_at": _("The due time has already passed.")})
    if due_at > now + FURTHEST_AHEAD:
        raise ValidationError({"due_at": _("The due time is more than ten years ahead.")})
    if unit is not None and not unit.is_active:
        raise ValidationError({"unit": _("The unit is no longer active.")})
    if user is not None and not user.is_active:
        raise ValidationError({"user": _("The user is no longer active.")})
    _check_params(params)
    reminder = Reminder(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        kind=kind,
        params=params,
        due_at=due_at,
        unit=unit,
        user=user,
        created_by_id=actor.user_id,
    )
    reminder.full_clean()
    reminder.save()
    return reminder


@transaction.atomic
def reminder_cancel(*, reminder: Reminder, actor: Actor) -> Reminder:
    """Cancel a reminder (before it is sent, or to take it off the start page after). Idempotent."""
    Reminder.objects.filter(pk=reminder.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(), cancelled_by_id=actor.user_id
    )
    reminder.refresh_from_db()
    return reminder


def reminders_cancel_for(*, obj: models.Model, actor: Actor, kind: str | None = None) -> int:
    """Cancel every reminder about ``obj`` (of ``kind``), e.g. when the follow-up is done."""
    pending = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), cancelled_at__isnull=True
    )
    if kind is not None:
        pending = pending.filter(kind=kind)
    return pending.update(cancelled_at=timezone.now(), cancelled_by_id=actor.user_id)


def reminders_send_due(now: datetime.datetime | None = None) -> str:
    """Send every due reminder exactly once: the periodic job.

    Each reminder is claimed by a conditional UPDATE (... WHERE sent_at IS NULL): of two runners at
    the same time, the second waits for the first's row lock and then finds it already sent (on
    PostgreSQL under READ COMMITTED, and SQLite serialises writers). Only the runner that claimed it
    enqueues its e-mail, after the claim is committed."""
    now = now or timezone.now()
    due = Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now)
    sent = 0
    for pk in list(due.order_by("due_at", "pk").values_list("pk", flat=True)[:SEND_BATCH]):
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk=pk, sent_at__isnull=True, cancelled_at__isnull=True).update(
                sent_at=now
            )
            if claimed:
                sent += 1
                transaction.on_commit(partial(reminder_email_send.enqueue, reminder_id=pk))
    return f"{sent} reminder(s) sent"
