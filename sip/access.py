"""Who may open a SIP: the door kind "sip" (registered in sip/apps.py) and ``sip_for_request``.

A SIP is shared among its parties because the individual consented (SoL 2 kap 7 §, HSL 16 kap 4 §,
OSL 12 kap 2 §). So a member of staff opens it only
  (a) through a unit that takes part in this plan now (not one that has left it), and
  (b) while a SIP consent in force names that unit as a party (the consent ground of access.policy);
withdrawing the consent, or its end date passing, ends the sharing at once, whatever other relation
the unit has with the individual;
  (c) or under the user's own running emergency access (read only: the views refuse changes).
Anyone else gets the door's logged 404, the same as for a SIP that does not exist.
"""

from typing import Any

from django.http import HttpRequest

from access import policy
from access.policy import RECORD, Grant, Opens
from audit.models import Action, Ground
from sip.models import Participant, ParticipantKind, Sip

KIND = "sip"
TAKING_PART = (ParticipantKind.UNIT, ParticipantKind.STAFF)


def participating_unit_ids(sip_id: int, unit_ids: frozenset[int]) -> frozenset[int]:
    """Those of ``unit_ids`` that take part in the plan now (as a unit or through named staff)."""
    rows = Participant.objects.filter(
        sip_id=sip_id, unit_id__in=unit_ids, left_at__isnull=True, kind__in=TAKING_PART
    ).values_list("unit_id", flat=True)
    return frozenset(u for u in rows if u is not None)


def sip_grant(user: Any, sip: Sip, *, prefer: Any = None) -> Grant | None:
    """The policy's decision on a SIP: a grant, or None. Pure: logs nothing.

    Runs the same queries for a stand-in (an unknown key) as for a real SIP, so that "not yours"
    costs what "does not exist" does."""
    from django.utils import timezone

    from access.models import EmergencyAccess

    memberships = policy.care_memberships(user)
    if not memberships:
        return None
    units = frozenset(m.unit_id for m in memberships)
    taking_part = participating_unit_ids(sip.pk, units)
    by_consent = policy.sip_party_units(sip.individual_id, taking_part) if taking_part else {}
    if by_consent:
        parties = policy._consent_parties(by_consent.keys())
        through = policy._through(memberships, frozenset(by_consent.values()), prefer)
        return _grant(user, sip, Ground.SIP_CONSENT, through, Opens(RECORD, parties, parties), units)
    emergency_unit = (
        EmergencyAccess.objects.filter(user_id=user.pk, individual_id=sip.individual_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .values_list("unit_id", flat=True)
        .first()
    )
    through = policy._through(memberships, {emergency_unit}) if emergency_unit is not None else None
    if through is not None:
        return _grant(user, sip, Ground.EMERGENCY, through, Opens(RECORD), units)
    return None


def _grant(user: Any, sip: Sip, ground: Ground, membership: Any, opens: Opens, units: frozenset[int]) -> Grant:
    # The individual's own rules (protected identity, blocks) come with the individual's grant.
    base = policy._grant(user, sip.individual, ground, membership, opens, units)
    return Grant(KIND, sip, sip.individual, ground, membership, opens, units, base.sees_contact_details,
                 base.blocked_unit_ids)  # fmt: skip


def load(key: Any) -> Sip | None:
    # A SIP about a merged-away record answers like an unknown one: it moved to the survivor.
    return Sip.objects.select_related("individual").filter(uuid=key, individual__merged_into__isnull=True).first()


def placeholder() -> Sip:
    return Sip(pk=0, individual_id=0)


def individual_of(sip: Sip) -> Any:
    return sip.individual


def example_key(individual: Any) -> Any:
    """For the URL walk: the key of the individual's latest SIP, None when there is none."""
    return Sip.objects.filter(individual=individual).order_by("-pk").values_list("uuid", flat=True).first()


def sip_for_request(
    request: HttpRequest, uuid: Any, *, action: Action = Action.READ, obj: Any = None, log: bool = True
) -> Grant:
    """The door to a SIP (access.door.door with the "sip" kind): the grant, or the logged 404."""
    from access.door import door

    return door(request, KIND, uuid, action=action, log_obj=obj, log=log)


def is_writable(grant: Grant) -> bool:
    """Changes go through a taking-part unit under the consent; emergency access only reads."""
    return grant.ground == Ground.SIP_CONSENT


def sips_visible_to(user: Any) -> Any:
    """The SIPs the user may open through the consent ground (the lists: my SIPs, the start page).

    The same rule as ``sip_grant`` (a), (b), as one query: a taking-part unit of the user's, named
    by a SIP consent in force. Emergency access opens one SIP by its address, never a list."""
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone

    from individuals.models import Consent

    units = policy.care_unit_ids(user)
    if not units:
        return Sip.objects.none()
    today = timezone.localdate()
    # One filter() call, so that the unit the consent names is the very unit that takes part.
    consented = Consent.objects.filter(
        individual=OuterRef("individual"), for_sip=True, withdrawn_at__isnull=True, valid_from__lte=today,
        parties__in=units, parties__sip_participations__sip=OuterRef("pk"),
        parties__sip_participations__left_at__isnull=True,
        parties__sip_participations__kind__in=(ParticipantKind.UNIT, ParticipantKind.STAFF),
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))  # fmt: skip
    return Sip.objects.filter(Exists(consented), individual__merged_into__isnull=True)


# --- The kinds that lead to a SIP: starting one (the individual's door) and answering an invitation


def invitation_individual(invitation: Any) -> Any:
    return invitation.sip.individual


def invitation_load(key: Any) -> Any:
    from sip.models import Invitation

    return (Invitation.objects.select_related("sip__individual")
            .filter(uuid=key, sip__individual__merged_into__isnull=True).first())  # fmt: skip


def invitation_placeholder() -> Any:
    from sip.models import Invitation

    invitation = Invitation(pk=0)
    invitation.sip = placeholder()
    return invitation


def invitation_grant(user: Any, invitation: Any, *, prefer: Any = None) -> Grant | None:
    """Answering an invitation: the rule of the plan it is to (the invited unit takes part already)."""
    return sip_grant(user, invitation.sip, prefer=prefer)


def invitation_example_key(individual: Any) -> Any:
    from sip.models import Invitation

    return (Invitation.objects.filter(sip__individual=individual).order_by("-pk")
            .values_list("uuid", flat=True).first())  # fmt: skip
