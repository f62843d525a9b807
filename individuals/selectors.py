"""Reads about individuals. Callers have been let through by access.policy first."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from access.models import Block, DisclosureDecision, EmergencyAccess
from audit.models import Ground
from audit.services import Actor, audit_list_read
from individuals.models import ActiveRelation, Consent, Individual
from organisations.models import Unit

# What a list read's audit entry names as its object: the unit's current relations.
LIST_OBJECT = "individuals.activerelation"


def current_relations_at(*, unit: Unit) -> QuerySet[ActiveRelation]:
    """The unit's current individuals: the usual way in."""
    return (
        ActiveRelation.objects.current()
        .filter(unit=unit, individual__merged_into__isnull=True)
        .select_related("individual")
        .order_by("started_on", "id")
    )


def log_list_read(*, actor: Actor, relations: Any) -> None:
    """A list that shows names reads each listed individual's data (one entry naming them all)."""
    ids = [r.individual_id for r in relations]
    audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=ids, object_type=LIST_OBJECT)


def individual_page_data(*, individual: Individual) -> dict[str, Any]:
    relations = list(
        ActiveRelation.objects.filter(individual=individual)
        .select_related("unit", "unit__principal")
        .order_by("-started_on", "-id")
    )
    consents = list(
        Consent.objects.filter(individual=individual)
        .prefetch_related(Prefetch("parties", queryset=Unit.objects.order_by("name")), "relatives")
        .select_related("recorded_by", "withdrawn_by")
        .order_by("-recorded_at")
    )
    return {
        "relations": relations,
        "consents": consents,
        "relatives": list(individual.relatives.order_by("id")),
        "children": list(individual.children.order_by("birth_year")),
        "blocks": list(Block.objects.filter(individual=individual, lifted_at__isnull=True).select_related("unit")),
        "disclosures": list(
            DisclosureDecision.objects.filter(individual=individual)
            .select_related("decided_by", "unit")
            .order_by("-decided_at")
        ),
        "emergency_accesses": list(
            EmergencyAccess.objects.filter(individual=individual)
            .select_related("user", "unit")
            .order_by("-started_at")[:10]
        ),
    }
