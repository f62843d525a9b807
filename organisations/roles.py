from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff member's role in one unit. Capabilities are small properties, checked by the policy."""

    SOCIAL_WORKER = "social_worker", _("Social worker")
    THERAPIST = "therapist", _("Therapist")
    NURSE = "nurse", _("Nurse")
    PHYSICIAN = "physician", _("Physician")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SIP_COORDINATOR = "sip_coordinator", _("SIP coordinator")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    ANALYST = "analyst", _("Process leader / analyst")
    COUNCIL_MEMBER = "council_member", _("Council member")
    USER_COUNCIL_REP = "user_council_rep", _("User council representative")
    COUNTY_ADMIN = "county_admin", _("County administrator")

    @property
    def sees_personal_data(self) -> bool:
        return self in _CARE_ROLES or self is Role.UNIT_MANAGER

    @property
    def can_review_logs(self) -> bool:
        return self is Role.UNIT_MANAGER

    @property
    def sees_aggregates_only(self) -> bool:
        return self in {Role.ANALYST, Role.COUNCIL_MEMBER, Role.USER_COUNCIL_REP}

    @property
    def administers_county(self) -> bool:
        return self is Role.COUNTY_ADMIN

    @property
    def requires_second_factor(self) -> bool:
        # Administrators change who may see what, so they need it as much as care staff.
        return self.sees_personal_data or self.administers_county


_CARE_ROLES = {
    Role.SOCIAL_WORKER,
    Role.THERAPIST,
    Role.NURSE,
    Role.PHYSICIAN,
    Role.PSYCHOLOGIST,
    Role.SIP_COORDINATOR,
}
