"""Writing to the audit log. Every read and change of an individual's data comes through here."""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.chain import entry_mac_of
from audit.keys import current_mac_key
from audit.models import Action, AuditEntry, Ground, Outcome

# The key in an entry's details that names the individuals a list showed (audit_list_read).
LISTED = "listed"

# The request being served, for signal handlers that have no request of their own
# (audit.middleware sets it; management commands and tasks act as the system).
request_var: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


@dataclass(frozen=True)
class Actor:
    """Who acts, from which unit, in which role.

    The unit and role are those of the membership the action went through: for an individual's
    data, the membership that gave the grant (``for_grant``), not the session's current one, so
    that the log names the unit whose relation, consent or emergency access let the user in
    (issue 7 §3). ``from_request`` (the session's current membership) is for refusals and for
    actions that go through no grant."""

    user_id: int | None
    unit_id: int | None
    role: str
    membership_id: int | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Actor":
        user = getattr(request, "user", None)
        membership = getattr(request, "membership", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        return cls.for_membership(user_id, membership)

    @classmethod
    def for_membership(cls, user: Any, membership: Any) -> "Actor":
        """The user (or the user's id) acting in ``membership`` (None: in no membership)."""
        user_id = user if user is None or isinstance(user, int) else user.pk
        if membership is None:
            return cls(user_id=user_id, unit_id=None, role="")
        return cls(user_id=user_id, unit_id=membership.unit_id, role=str(membership.role),
                   membership_id=membership.pk)  # fmt: skip

    @classmethod
    def for_grant(cls, request: HttpRequest, grant: Any) -> "Actor":
        """The request's user acting through the membership that gave ``grant`` (access.policy.Grant)."""
        return cls.for_membership(getattr(request, "user", None), grant.membership)

    @classmethod
    def system(cls) -> "Actor":
        return cls(user_id=None, unit_id=None, role="")

    @classmethod
    def current(cls) -> "Actor":
        """Whoever is acting now: the current request's user, or the system outside requests."""
        request = request_var.get()
        return cls.from_request(request) if request is not None else cls.system()


def audit_record(
    *,
    actor: Actor,
    action: Action | str,
    ground: Ground | str = Ground.NONE,
    outcome: Outcome = Outcome.ALLOWED,
    individual_id: int | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``details`` must never hold personal data, only ids, codes and roles.

    One INSERT of the entry with its own MAC: no lock and no shared row, so audited requests do
    not queue behind one another; the sequencer (audit.sequencer) chains the entry within a
    second. The entry is as durable as the transaction it is written in."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
    fields: dict[str, Any] = {
        "at": timezone.now(),
        "user_id": actor.user_id,
        "unit_id": actor.unit_id,
        "role": actor.role,
        "action": str(action),
        "individual_id": individual_id,
        "object_type": object_type,
        "object_id": object_id,
        "ground": str(ground),
        "outcome": str(outcome),
        "details": details or {},
    }
    key_id, key = current_mac_key()
    for attempt in range(_INSERT_ATTEMPTS):
        entry = AuditEntry(key_id=key_id, mac=entry_mac_of(key, fields), **fields)
        try:
            _insert(entry)
            return entry
        except IntegrityError:
            # The MAC is unique (a copied entry cannot be inserted again), so two identical events in
            # the same microsecond, e.g. one user's list in two tabs served by two servers, clash:
            # the second is a moment later. Anything else that fails the insert is raised.
            if attempt == _INSERT_ATTEMPTS - 1 or not AuditEntry.objects.filter(mac=entry.mac).exists():
                raise
            fields["at"] = max(timezone.now(), fields["at"] + timedelta(microseconds=1))
    raise AssertionError("unreachable")


_INSERT_ATTEMPTS = 3


def _insert(entry: AuditEntry) -> None:
    if connection.in_atomic_block:
        with transaction.atomic():  # a savepoint: a clash must not break the caller's transaction
            entry.save(force_insert=True)
    else:
        entry.save(force_insert=True)


def audit_list_read(*, actor: Actor, ground: Ground, individual_ids: list[int], object_type: str) -> AuditEntry | None:
    """A list that shows names reads each listed individual's data: one entry naming them all.

    The ids are keys of ``details["listed"]`` (keys, not a list, so that both PostgreSQL and SQLite
    can find an individual in it: see audit.selectors.naming). One entry instead of one per name
    keeps the write of a list page as cheap as that of a single individual's page (bench/)."""
    if not individual_ids:
        return None
    listed = {str(i): True for i in individual_ids}
    return audit_record(actor=actor, action=Action.READ, ground=ground, object_type=object_type,
                        details={LISTED: listed})  # fmt: skip


def audit_search(
    *, actor: Actor, individual_id: int | None, ground: Ground | None, details: dict[str, Any] | None = None
) -> AuditEntry:
    """A search by number: allowed with the ground that let the user in, else denied (found or not)."""
    return audit_record(
        actor=actor,
        action=Action.SEARCH,
        ground=ground or Ground.NONE,
        outcome=Outcome.ALLOWED if ground else Outcome.DENIED,
        individual_id=individual_id,
        details=details,
    )
