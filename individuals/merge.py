"""Merging two records of one person: an explicit, confirmed, reversible step for a unit manager.

Every model that points at an Individual says here how a merge moves it (``register``); a test
fails when a model pointing at Individual is not registered, so a new app cannot be forgotten. An
app registers its own models in its AppConfig.ready(). The Merge row keeps exactly which rows
moved and the survivor's values before, so that ``merge_undo`` can move them back for
settings.MERGE_UNDO_DAYS days.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from core.crypto import keyed_hash
from individuals.models import ActiveRelation, Individual, Merge, PreviousIdentity

# The fields the manager chooses between where the two records differ.
CHOSEN_FIELDS = (
    "identity",
    "first_name",
    "last_name",
    "birth_date",
    "legal_sex",
    "municipality",
    "address",
    "phone",
    "email",
)
_IDENTITY = ("identity_kind", "identity_number", "identity_hash")


def undo_period() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "MERGE_UNDO_DAYS", 30))


# --- The registry ------------------------------------------------------------------------------

Mover = Callable[[Individual, Individual, User], list[int]]


@dataclass(frozen=True)
class Handler:
    model: type[models.Model]
    field: str
    move: Mover | None  # None: the rows stay with the record they were written for


_REGISTRY: dict[tuple[str, str], Handler] = {}


def register(model: type[models.Model], *, field: str = "individual", move: Mover | None | str = "all") -> None:
    """Say how a merge treats ``model.field`` (a foreign key to Individual): ``"all"`` moves every
    row to the survivor, a function moves what it chooses and returns the moved ids, ``None`` keeps
    the rows where they are (say why where you call it)."""
    mover: Mover | None
    if move == "all":
        mover = _move_all(model, field)
    else:
        mover = move  # type: ignore[assignment]
    _REGISTRY[(model._meta.label_lower, field)] = Handler(model, field, mover)


def registered() -> dict[tuple[str, str], Handler]:
    return dict(_REGISTRY)


def _move_all(model: type[models.Model], field: str) -> Mover:
    def move(source: Individual, target: Individual, user: User) -> list[int]:
        rows = model._default_manager.filter(**{field: source})
        ids = list(rows.values_list("pk", flat=True))
        model._default_manager.filter(pk__in=ids).update(**{field: target})
        return ids

    return move


def _move_unless_target_has(model: type[models.Model], *keys: str, **active: Any) -> Mover:
    """Move the rows the survivor does not already have (by ``keys``, among rows matching ``active``):
    a second row would break a unique constraint and say nothing new; it stays on the merged record."""

    def move(source: Individual, target: Individual, user: User) -> list[int]:
        manager = model._default_manager
        have = set(manager.filter(individual=target, **active).values_list(*keys))
        ids = [
            row["pk"]
            for row in manager.filter(individual=source).values("pk", *keys, *active)
            if not (all(row[k] == v for k, v in active.items()) and tuple(row[k] for k in keys) in have)
        ]
        manager.filter(pk__in=ids).update(individual=target)
        return ids

    return move


def _end_duplicate_relations(source: Individual, target: Individual, user: User) -> list[int]:
    """Two open relations at one unit would break the one-open-relation rule: the merged record's is
    ended now (by the manager) and kept as history. Undo reopens it (MOVED_ENDED)."""
    open_units = ActiveRelation.objects.filter(individual=target, ended_on__isnull=True).values("unit_id")
    duplicates = ActiveRelation.objects.filter(individual=source, ended_on__isnull=True, unit_id__in=open_units)
    ended = list(duplicates.values_list("pk", flat=True))
    ActiveRelation.objects.filter(pk__in=ended).update(
        ended_on=timezone.localdate(), ended_at=timezone.now(), closed_by=user
    )
    return ended


MOVED_ENDED = "individuals.activerelation:ended"


def register_defaults() -> None:
    from access.models import Block, DisclosureDecision, EmergencyAccess, ProtectedIdentityAccess, SecrecyAssessment
    from individuals.models import Child, Consent, Relative

    moved_whole = (ActiveRelation, Consent, Relative, Child, PreviousIdentity, DisclosureDecision, EmergencyAccess)
    for model in (*moved_whole, SecrecyAssessment):
        register(model)
    register(Block, move=_move_unless_target_has(Block, "unit_id", lifted_at=None))
    register(ProtectedIdentityAccess, move=_move_unless_target_has(ProtectedIdentityAccess, "user_id"))
    # The merge's own rows name both records, and a merged record points at its survivor: these stay.
    register(Merge, field="survivor", move=None)
    register(Merge, field="merged", move=None)
    register(Individual, field="merged_into", move=None)


def fields_to_individual() -> list[tuple[type[models.Model], str]]:
    """Every foreign key and one-to-one to Individual in every installed model (hidden ones too)."""
    found: list[tuple[type[models.Model], str]] = []
    for relation in Individual._meta.get_fields(include_hidden=True):
        if isinstance(relation, models.ForeignObjectRel):  # many-to-many too: it needs its own mover
            found.append((relation.related_model, relation.field.name))  # type: ignore[arg-type]
    return found


# --- Merging -----------------------------------------------------------------------------------


def differences(survivor: Individual, other: Individual) -> list[str]:
    """The chosen fields where the two records differ."""
    return [name for name in CHOSEN_FIELDS if _value(survivor, name) != _value(other, name)]


def _value(individual: Individual, name: str) -> Any:
    if name == "identity":
        return individual.identity_hash
    if name == "municipality":
        return individual.municipality_id
    return getattr(individual, name)


def _before(individual: Individual) -> dict[str, Any]:
    names = [*_IDENTITY, *CHOSEN_FIELDS[1:], "protected_identity"]
    values = {n: getattr(individual, "municipality_id" if n == "municipality" else n) for n in names}
    values["birth_date"] = individual.birth_date.isoformat() if individual.birth_date else None
    return values


@transaction.atomic
def records_merge(
    *, survivor: Individual, other: Individual, take_from_other: set[str], actor: Actor, user: User
) -> Merge:
    """Merge ``other`` into ``survivor``: rows move, the manager's choices are applied, ``other`` is
    merged_into the survivor (its id then answers like an unknown one). Refused if either is gone."""
    survivor = Individual.objects.select_for_update().get(pk=survivor.pk)
    other = Individual.objects.select_for_update().get(pk=other.pk)
    if survivor.pk == other.pk:
        raise ValidationError(_("Choose another record: a record cannot be merged with itself."))
    if survivor.merged_into_id or other.merged_into_id:
        raise ValidationError(_("One of the records has already been merged into another."))
    unknown = take_from_other - set(CHOSEN_FIELDS)
    if unknown:
        raise ValidationError(_("Choose only among the fields shown."))
    before = _before(survivor)
    moved: dict[str, list[int]] = {}
    ended = _end_duplicate_relations(other, survivor, user)
    if ended:
        moved[MOVED_ENDED] = ended
    for (label, field), handler in sorted(_REGISTRY.items()):
        if handler.move is not None:
            ids = handler.move(other, survivor, user)
            if ids:
                moved[f"{label}.{field}"] = ids
    # The merged record's number becomes an earlier number of the survivor (or the survivor's, if
    # the manager keeps the other's number); the merged record's own hash is freed for it.
    old_identity = {n: getattr(survivor, n) for n in _IDENTITY}
    other.identity_hash = keyed_hash(f"merged:{other.uuid}")
    other.merged_into = survivor
    other.save(update_fields=["identity_hash", "merged_into"])
    keep_number = other if "identity" not in take_from_other else None
    for name in take_from_other - {"identity"}:
        attr = "municipality_id" if name == "municipality" else name
        setattr(survivor, attr, getattr(other, attr))
    if "identity" in take_from_other:
        survivor.identity_kind = other.identity_kind
        survivor.identity_number = other.identity_number
        survivor.identity_hash = keyed_hash(other.identity_number)
    survivor.protected_identity = survivor.protected_identity or other.protected_identity
    survivor.full_clean(validate_unique=False, validate_constraints=False)
    survivor.save()
    earlier = PreviousIdentity.objects.create(
        individual=survivor,
        identity_kind=keep_number.identity_kind if keep_number else old_identity["identity_kind"],
        identity_number=keep_number.identity_number if keep_number else old_identity["identity_number"],
        identity_hash=keyed_hash(keep_number.identity_number) if keep_number else old_identity["identity_hash"],
    )
    merge = Merge.objects.create(
        survivor=survivor,
        merged=other,
        merged_by=user,
        moved={**moved, "created_previous_identity": [earlier.pk]},
        survivor_before=json.dumps(before),
    )
    details = {"merge": str(merge.uuid), "survivor_individual_id": survivor.pk, "merged_individual_id": other.pk,
               "moved": {label: len(ids) for label, ids in moved.items()}}  # fmt: skip
    for individual in (survivor, other):
        audit_record(actor=actor, action=Action.UPDATE, ground=Ground.MANAGEMENT, individual_id=individual.pk,
                     obj=merge, details=details)  # fmt: skip
    return merge


def may_undo(merge: Merge, *, now: datetime.datetime | None = None) -> bool:
    return merge.undone_at is None and (now or timezone.now()) < merge.merged_at + undo_period()


@transaction.atomic
def merge_undo(*, merge: Merge, actor: Actor, user: User) -> Merge:
    """Move back exactly the rows that moved, reopen the relations the merge ended, and give the
    survivor its values from before. Rows added to the survivor since the merge stay with it."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if not may_undo(merge):
        raise ValidationError(_("This merge can no longer be undone: the period for undoing it has passed."))
    survivor = Individual.objects.select_for_update().get(pk=merge.survivor_id)
    merged = Individual.objects.select_for_update().get(pk=merge.merged_id)
    handlers = {f"{label}.{field}": handler for (label, field), handler in _REGISTRY.items()}
    for key, ids in merge.moved.items():
        handler = handlers.get(key)
        if handler is not None:
            handler.model._default_manager.filter(pk__in=ids).update(**{handler.field: merged})
    ActiveRelation.objects.filter(pk__in=merge.moved.get(MOVED_ENDED, [])).update(
        ended_on=None, ended_at=None, closed_by=None
    )
    PreviousIdentity.objects.filter(pk__in=merge.moved.get("created_previous_identity", [])).delete()
    before = json.loads(merge.survivor_before)
    before["birth_date"] = datetime.date.fromisoformat(before["birth_date"]) if before["birth_date"] else None
    for name, value in before.items():
        setattr(survivor, "municipality_id" if name == "municipality" else name, value)
    survivor.save()
    merged.merged_into = None
    merged.identity_hash = keyed_hash(merged.identity_number)
    merged.save(update_fields=["merged_into", "identity_hash"])
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.save(update_fields=["undone_at", "undone_by"])
    details = {"merge": str(merge.uuid), "merge_undone": True, "survivor_individual_id": survivor.pk,
               "merged_individual_id": merged.pk}  # fmt: skip
    for individual in (survivor, merged):
        audit_record(actor=actor, action=Action.UPDATE, ground=Ground.MANAGEMENT, individual_id=individual.pk,
                     obj=merge, details=details)  # fmt: skip
    return merge
