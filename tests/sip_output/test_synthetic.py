"""sip/synthetic.py: SIPs for the benchmark in the numbers the issue sets, each one a plan the door opens."""

import pytest
from django.test import Client

from core import synthetic, synthetic_registry
from organisations.roles import Role
from sip import access
from sip.models import Invitation, Participant, Sip, SipStatus, SipVersion
from tests.factories import MembershipFactory, UserFactory
from tests.personas import sign_in, with_second_factor

INDIVIDUALS = 400


@pytest.fixture
def generated(db):  # type: ignore[no-untyped-def]
    # Only the county and this generator: other apps' generators are theirs to test.
    with synthetic_registry.only("sip"):
        yield synthetic.generate(individuals=INDIVIDUALS, seed=11, audit_entries=10)


@pytest.mark.django_db
def test_the_counts_scale_with_the_people(generated) -> None:  # type: ignore[no-untyped-def]
    made = generated.by_apps["sip"]
    # 0.6 SIP per person, 5 versions per SIP on average (a random draw: within a tenth).
    assert made["sips"] == Sip.objects.count()
    assert abs(made["sips"] - 0.6 * INDIVIDUALS) <= 0.05 * INDIVIDUALS
    assert made["versions"] == SipVersion.objects.count()
    assert 4.5 <= made["versions"] / made["sips"] <= 5.5
    assert made["participants"] == Participant.objects.count() >= 2 * made["sips"]
    assert made["invitations"] == Invitation.objects.count() > 0
    assert set(Sip.objects.values_list("status", flat=True)) == set(SipStatus.values)


@pytest.mark.django_db
def test_every_plan_stands_on_a_consent_that_names_its_units(generated) -> None:  # type: ignore[no-untyped-def]
    for sip in Sip.objects.select_related("consent").prefetch_related("consent__parties", "participants"):
        parties = {u.pk for u in sip.consent.parties.all()}
        assert sip.consent.for_sip and sip.consent.is_in_force()
        assert sip.consent.individual_id == sip.individual_id
        assert sip.coordinating_unit_id in parties
        assert {p.unit_id for p in sip.participants.all() if p.unit_id} <= parties
        assert {i.unit_id for i in sip.interventions.all()} <= parties
        if sip.status == SipStatus.CLOSED:
            assert sip.closed_on is not None
        assert (sip.agreed_on is not None) == sip.versions.exists()


@pytest.mark.django_db
def test_the_coordinator_opens_the_plan_page_and_my_sips(generated) -> None:  # type: ignore[no-untyped-def]
    sip = Sip.objects.exclude(status=SipStatus.CLOSED).filter(agreed_on__isnull=False).order_by("pk").first()
    # As bench/prepare.py does: a new member of staff at the coordinating unit (the synthetic staff
    # cannot sign in).
    user = with_second_factor(UserFactory(username="bench-like"))
    MembershipFactory(user=user, unit=sip.coordinating_unit, role=Role.SOCIAL_WORKER)
    assert access.sips_visible_to(user).filter(pk=sip.pk).exists()
    client = Client()
    sign_in(client, user)
    assert client.get(sip.get_absolute_url()).status_code == 200
    assert client.get("/sip/").status_code == 200
