"""Fictional people for the screening care tests, built with the real services: Alva at the
addiction unit (the nurse's), with a relation there; the adult unit (the social worker's) has no
relation with her."""

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from audit.services import Actor
from individuals import services as individual_services
from individuals.identity import parse_identity_number
from individuals.models import Individual
from organisations.models import Unit
from organisations.roles import Role
from tests.access.world import identity_number
from tests.personas import County


def actor(user: Any, unit: Unit, role: str = Role.NURSE) -> Actor:
    return Actor(user_id=user.pk, unit_id=unit.pk, role=str(role))


def person(county: County, serial: int, *, sex: str = "female", born: datetime.date | None = None) -> Individual:
    individual = individual_services.individual_register(
        number=parse_identity_number(identity_number(serial)), first_name="Alva", last_name="Provsdotter",
        municipality=county.sundsvall, unit=county.addiction_unit, contact_kind="care",
        actor=actor(county.nurse, county.addiction_unit),
    )  # fmt: skip
    Individual.objects.filter(pk=individual.pk).update(legal_sex=sex, birth_date=born or datetime.date(1980, 5, 5))
    individual.refresh_from_db()
    return individual


def audit_post(answers: list[int | None], **extra: Any) -> dict[str, Any]:
    """The give form's POST for AUDIT-like answers (None: left empty)."""
    data = {"setting": "new_visit", "mode": "self", "given_on": datetime.date.today().isoformat(), "sex": "female",
            "age": "45"}  # fmt: skip
    for number, value in enumerate(answers, start=1):
        if value is not None:
            data[f"item_{number}"] = str(value)
    data.update({key: str(value) for key, value in extra.items()})
    return data


def give(client: Client, individual: Individual, code: str, answers: list[int | None], **extra: Any) -> Any:
    return client.post(reverse("screening:give", args=[individual.uuid, code]), audit_post(answers, **extra))
