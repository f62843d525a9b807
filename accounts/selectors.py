"""Reads about staff accounts for the log review: changes to the accounts of a manager's staff."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import Action, AuditEntry
from organisations.models import Membership, Unit
from organisations.roles import Role

EVENTS = {
    "password_changed": gettext_lazy("Password changed"),
    "password_reset_sent": gettext_lazy("Link to choose a new password sent"),
    "second_factor_added": gettext_lazy("Two-step verification added"),
    "second_factor_removed": gettext_lazy("Two-step verification removed"),
    "second_factor_reset": gettext_lazy("Two-step verification reset"),
    "recovery_codes_regenerated": gettext_lazy("New recovery codes"),
    "email_address_changed": gettext_lazy("E-mail address changed"),
    "invitation_sent": gettext_lazy("Invitation sent"),
    "invitation_resent": gettext_lazy("Invitation sent again"),
    "invitation_revoked": gettext_lazy("Invitation revoked"),
}
FIELDS = {
    "is_active": gettext_lazy("Account open"),
    "is_staff": gettext_lazy("Django admin access"),
    "is_superuser": gettext_lazy("Superuser"),
    "email": gettext_lazy("E-mail"),
    "username": gettext_lazy("User name"),
    "role": gettext_lazy("Role"),
    "unit_id": gettext_lazy("Unit"),
    "user_id": gettext_lazy("Person"),
    "ended_at": gettext_lazy("Ended"),
    "groups": gettext_lazy("Groups"),
    "user_permissions": gettext_lazy("Permissions"),
    "type": gettext_lazy("Kind"),
    "types": gettext_lazy("Kinds"),
    "by": gettext_lazy("By"),
    "sessions_ended": gettext_lazy("Sessions ended"),
}


def account_changes(*, unit_ids: frozenset[int]) -> QuerySet[AuditEntry]:
    """Changes to the accounts and memberships of everyone who works or worked at the units, newest first."""
    memberships = Membership.objects.filter(unit_id__in=unit_ids)
    user_ids = {str(i) for i in memberships.values_list("user_id", flat=True)}
    membership_ids = {str(i) for i in memberships.values_list("pk", flat=True)}
    about = Q(object_type="accounts.user", object_id__in=user_ids) | Q(
        object_type="organisations.membership", object_id__in=membership_ids
    )
    return AuditEntry.objects.filter(about, action=Action.ROLE_CHANGE).select_related("user").order_by("-id")


def describe(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """Each entry as the review shows it: whose account, what changed, old and new values in words."""
    memberships = Membership.objects.in_bulk(
        [int(e.object_id) for e in entries if e.object_type == "organisations.membership"]
    )
    user_ids = {int(e.object_id) for e in entries if e.object_type == "accounts.user"}
    user_ids |= {m.user_id for m in memberships.values()}
    users = User.objects.in_bulk(user_ids)
    unit_ids = {m.unit_id for m in memberships.values()}
    for e in entries:
        for side in ("old", "new"):
            if isinstance(e.details.get(side), dict) and e.details[side].get("unit_id"):
                unit_ids.add(e.details[side]["unit_id"])
    units = Unit.objects.in_bulk(unit_ids)
    rows = []
    for entry in entries:
        if entry.object_type == "organisations.membership":
            membership = memberships.get(int(entry.object_id))
            subject = users.get(membership.user_id) if membership else None
        else:
            subject = users.get(int(entry.object_id))
        rows.append({"entry": entry, "subject": subject, "changes": _changes(entry.details, units)})
    return rows


def _word(field: str, value: Any, units: dict[int, Unit]) -> str:
    if value is None or value == "":
        return "–"
    if field == "role" and value in Role.values:
        return str(Role(value).label)
    if field == "unit_id":
        unit = units.get(value)
        return unit.name if unit else str(value)
    if field == "type" and value in Authenticator.Type.values:
        return str(Authenticator.Type(value).label)
    if field == "types" and isinstance(value, list):
        return ", ".join(_word("type", v, units) for v in value)
    if field == "ended_at" and isinstance(value, str):
        moment = parse_datetime(value)
        return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else value
    if field == "user_id":
        user = User.objects.filter(pk=value).first()
        return str(user) if user else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_word(k, v, units)}" for k, v in sorted(value.items())) or "–"
    return str(value)


def _changes(details: dict[str, Any], units: dict[int, Unit]) -> list[tuple[str, str, str]]:
    """(what, old, new) for each change the entry records."""
    event = details.get("event")
    if event:
        extra = {k: v for k, v in details.items() if k not in {"event", "old", "new"}}
        if "old" in details or "new" in details:
            return [
                (
                    str(EVENTS.get(event, event)),
                    _word("", details.get("old"), units),
                    _word("", details.get("new"), units),
                )
            ]
        return [(str(EVENTS.get(event, event)), "", _word("", extra, units) if extra else "")]
    if "old" in details or "new" in details:
        old, new = details.get("old") or {}, details.get("new") or {}
        fields = sorted(old.keys() | new.keys())
        return [(_label(f), _word(f, old.get(f), units), _word(f, new.get(f), units)) for f in fields]
    # Groups or permissions: {"groups": {"added": [ids]}}
    return [(_label(field), "", _word(field, change, units)) for field, change in sorted(details.items())]


def _label(field: str) -> str:
    return str(FIELDS.get(field, field))
