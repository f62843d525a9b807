"""The demo county: Västernorrland (seeds/002), with fictional units and fictional staff.

Municipality codes are SCB's real ones; units, people, phone numbers (PTS's series reserved for
fiction, 070-174 06 05..99) and addresses are made up and marked as such.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from organisations.models import PrincipalKind, ServiceCode, UnitType
from organisations.roles import Role

DEMO_PASSWORD = "Samverkan-demo-2026"
# A shared TOTP secret for every demo user, so anyone can sign in with an authenticator app
# or `manage.py demo_code`. Demo only: production refuses demo users altogether.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

REGION = "Region Västernorrland"
# name: (SCB municipality code, main town)
MUNICIPALITIES = {
    "Ånge kommun": ("2260", "Ånge"),
    "Timrå kommun": ("2262", "Timrå"),
    "Härnösands kommun": ("2280", "Härnösand"),
    "Sundsvalls kommun": ("2281", "Sundsvall"),
    "Kramfors kommun": ("2282", "Kramfors"),
    "Sollefteå kommun": ("2283", "Sollefteå"),
    "Örnsköldsviks kommun": ("2284", "Örnsköldsvik"),
}
PRINCIPALS = [
    (REGION, PrincipalKind.REGION, "", "2321000206"),
    *[(name, PrincipalKind.MUNICIPALITY, code, "") for name, (code, _town) in MUNICIPALITIES.items()],
    ("Brukarföreningen Mitt (fiktiv)", PrincipalKind.NON_PROFIT, "", "8024000005"),
    ("Nordvård Beroende AB (fiktiv)", PrincipalKind.PRIVATE_PROVIDER, "", "5566000005"),
]
ALL_MUNICIPALITIES = list(MUNICIPALITIES)


@dataclass(frozen=True)
class DemoUnit:
    name: str
    principal: str
    unit_type: str
    city: str
    services: tuple[str, ...]
    serves: tuple[str, ...]
    phone: str
    age_min: int | None = 18
    age_max: int | None = None
    opening_hours: str = "Mån–fre 8–16.30"
    description: str = ""


S = ServiceCode
_UNITS: list[DemoUnit] = [
    DemoUnit(
        "Gemensam mottagning beroende Sundsvall",
        "Sundsvalls kommun",
        UnitType.JOINT_RECEPTION,
        "Sundsvall",
        (S.COUNSELLING, S.SCREENING, S.INVESTIGATION, S.SIP_COORDINATION, S.RELATIVES_SUPPORT),
        ("Sundsvalls kommun", "Timrå kommun"),
        "070-174 06 05",
        age_min=None,
        description="En väg in: ett telefonnummer för kommunens och regionens beroendeverksamhet (fiktiv).",
    ),
    DemoUnit(
        "Beroendecentrum Sundsvall",
        REGION,
        UnitType.ADDICTION_UNIT,
        "Sundsvall",
        (S.WITHDRAWAL_TREATMENT, S.MEDICATION_ASSISTED, S.PSYCHOSOCIAL_TREATMENT, S.SCREENING, S.GAMBLING_TREATMENT),
        tuple(ALL_MUNICIPALITIES),
        "070-174 06 06",
    ),
    DemoUnit(
        "Beroendemottagningen Örnsköldsvik",
        REGION,
        UnitType.ADDICTION_UNIT,
        "Örnsköldsvik",
        (S.WITHDRAWAL_TREATMENT, S.MEDICATION_ASSISTED, S.PSYCHOSOCIAL_TREATMENT),
        ("Örnsköldsviks kommun", "Kramfors kommun", "Sollefteå kommun"),
        "070-174 06 07",
    ),
    DemoUnit(
        "Psykiatrisk öppenvård Sundsvall",
        REGION,
        UnitType.PSYCHIATRY_OUTPATIENT,
        "Sundsvall",
        (S.PSYCHIATRIC_CARE, S.PSYCHOSOCIAL_TREATMENT),
        ("Sundsvalls kommun", "Timrå kommun", "Ånge kommun"),
        "070-174 06 08",
    ),
    DemoUnit(
        "Psykiatrisk slutenvård Sundsvall",
        REGION,
        UnitType.PSYCHIATRY_INPATIENT,
        "Sundsvall",
        (S.PSYCHIATRIC_CARE, S.WITHDRAWAL_TREATMENT),
        tuple(ALL_MUNICIPALITIES),
        "070-174 06 09",
        opening_hours="Dygnet runt",
    ),
    DemoUnit(
        "Hälsocentralen Centrum Sundsvall",
        REGION,
        UnitType.PRIMARY_CARE,
        "Sundsvall",
        (S.SCREENING, S.COUNSELLING),
        ("Sundsvalls kommun",),
        "070-174 06 10",
        age_min=None,
    ),
    DemoUnit(
        "Hälsocentralen Härnösand",
        REGION,
        UnitType.PRIMARY_CARE,
        "Härnösand",
        (S.SCREENING, S.COUNSELLING),
        ("Härnösands kommun",),
        "070-174 06 11",
        age_min=None,
    ),
    DemoUnit(
        "Hälsocentralen Kramfors",
        REGION,
        UnitType.PRIMARY_CARE,
        "Kramfors",
        (S.SCREENING, S.COUNSELLING),
        ("Kramfors kommun",),
        "070-174 06 12",
        age_min=None,
    ),
    DemoUnit(
        "Barnmorskemottagningen Sundsvall",
        REGION,
        UnitType.MATERNITY_CARE,
        "Sundsvall",
        (S.SCREENING, S.PREGNANCY_SUPPORT),
        ("Sundsvalls kommun", "Timrå kommun"),
        "070-174 06 13",
        age_min=None,
    ),
    DemoUnit(
        "Barnavårdscentralen Härnösand",
        REGION,
        UnitType.CHILD_HEALTH_CARE,
        "Härnösand",
        (S.COUNSELLING,),
        ("Härnösands kommun",),
        "070-174 06 14",
        age_min=0,
        age_max=6,
    ),
    DemoUnit(
        "Ungdomsmottagningen Timrå",
        "Timrå kommun",
        UnitType.YOUTH_CLINIC,
        "Timrå",
        (S.COUNSELLING, S.YOUTH_SUPPORT, S.SCREENING),
        ("Timrå kommun",),
        "070-174 06 15",
        age_min=13,
        age_max=25,
    ),
    DemoUnit(
        "Brukarföreningen Mitt – stödcenter",
        "Brukarföreningen Mitt (fiktiv)",
        UnitType.USER_ORGANISATION,
        "Sundsvall",
        (S.PEER_SUPPORT, S.RELATIVES_SUPPORT),
        tuple(ALL_MUNICIPALITIES),
        "070-174 06 16",
    ),
    DemoUnit(
        "Nordvård behandlingshem (fiktivt)",
        "Nordvård Beroende AB (fiktiv)",
        UnitType.OTHER,
        "Kramfors",
        (S.PSYCHOSOCIAL_TREATMENT, S.HOUSING_SUPPORT),
        tuple(ALL_MUNICIPALITIES),
        "070-174 06 17",
    ),
    DemoUnit(
        "Regionkansliet, samverkan och utveckling",
        REGION,
        UnitType.OTHER,
        "Härnösand",
        (),
        tuple(ALL_MUNICIPALITIES),
        "070-174 06 18",
        age_min=None,
    ),
]
for _index, (_name, (_code, _town)) in enumerate(MUNICIPALITIES.items()):
    _UNITS.append(
        DemoUnit(
            f"Vuxenenheten, {_name}",
            _name,
            UnitType.ADULT_SOCIAL_SERVICES,
            _town,
            (S.INVESTIGATION, S.PSYCHOSOCIAL_TREATMENT, S.HOUSING_SUPPORT, S.EMPLOYMENT_SUPPORT, S.SIP_COORDINATION),
            (_name,),
            f"070-174 06 {20 + _index}",
        )
    )
UNITS = _UNITS

# Stable unit codes (organisations.Unit.code): HSA-id-like, SE + the organisation number, for the
# region's and the organisations' units; K + the SCB code for the municipalities'. Fictional local parts.
_CODE_PREFIXES = {name: f"K{code}" if code else f"SE{orgnr}" for name, _kind, code, orgnr in PRINCIPALS}
UNIT_CODES = {spec.name: f"{_CODE_PREFIXES[spec.principal]}-D{index + 1:02d}" for index, spec in enumerate(UNITS)}

# The councils (organisations.Council): one local council per municipality with the region, and
# the regional council of all of them.
REGIONAL_COUNCIL = "Regionalt samråd Västernorrland"
LOCAL_COUNCILS = {name: f"Lokalt samråd {town}" for name, (_code, town) in MUNICIPALITIES.items()}

SUNDSVALL_ADULT = "Vuxenenheten, Sundsvalls kommun"


@dataclass(frozen=True)
class DemoUser:
    role: Role
    first_name: str
    last_name: str
    title: str
    unit: str

    @property
    def username(self) -> str:
        return f"demo.{self.role.value}"


# One demo user per role, the role in the user name. Names are invented.
USERS = [
    DemoUser(Role.SOCIAL_WORKER, "Sara", "Exempelsson", "Socialsekreterare", SUNDSVALL_ADULT),
    DemoUser(Role.THERAPIST, "Tobias", "Prövare", "Behandlare", SUNDSVALL_ADULT),
    DemoUser(Role.NURSE, "Nora", "Testberg", "Sjuksköterska", "Beroendecentrum Sundsvall"),
    DemoUser(Role.PHYSICIAN, "Leo", "Demoström", "Läkare", "Beroendecentrum Sundsvall"),
    DemoUser(Role.PSYCHOLOGIST, "Petra", "Påhittad", "Psykolog", "Psykiatrisk öppenvård Sundsvall"),
    DemoUser(Role.SIP_COORDINATOR, "Sigge", "Samordnare", "SIP-samordnare", SUNDSVALL_ADULT),
    DemoUser(Role.UNIT_MANAGER, "Maja", "Chefsdotter", "Enhetschef", SUNDSVALL_ADULT),
    DemoUser(Role.ANALYST, "Alva", "Analysson", "Processledare", "Regionkansliet, samverkan och utveckling"),
    DemoUser(Role.COUNCIL_MEMBER, "Rolf", "Rådlund", "Ledamot lokalt samråd", "Vuxenenheten, Härnösands kommun"),
    DemoUser(Role.USER_COUNCIL_REP, "Bea", "Brukarsdotter", "Brukarrepresentant", "Brukarföreningen Mitt – stödcenter"),
    DemoUser(
        Role.COUNTY_ADMIN, "Adam", "Administratör", "Systemförvaltare", "Regionkansliet, samverkan och utveckling"
    ),
]


# One thing to try per role, on the sign-in and start pages in demo mode (core/templates/core/demo_guide.html).
FIRST_STEPS = {
    Role.SOCIAL_WORKER: gettext_lazy(
        "Under Individuals, open Tolvan Testsson (19800101-D001): his relations with units and his SIP consent."
    ),
    Role.THERAPIST: gettext_lazy(
        "Open Elva Exempelsdotter under Individuals; then find Alex Demoberg (19771130-D004), another unit's: "
        "the answer is “not found”, and the attempt is logged."
    ),
    Role.NURSE: gettext_lazy("Under Individuals, open Alex Demoberg, your unit's patient."),
    Role.PHYSICIAN: gettext_lazy(
        "Take emergency access to Elva Exempelsdotter (19850505-D002), who is not your unit's: "
        "it is logged and her unit's manager reviews it."
    ),
    Role.PSYCHOLOGIST: gettext_lazy(
        "Your unit has no individuals yet: register a fictional one under Individuals (a reserve number such as "
        "19900101-D099)."
    ),
    Role.SIP_COORDINATOR: gettext_lazy(
        "Open Tolvan Testsson under Individuals: his SIP consent names your unit and Beroendecentrum Sundsvall."
    ),
    Role.UNIT_MANAGER: gettext_lazy(
        "An emergency access waits in Log review: mark it reviewed; then print Tolvan Testsson's log extract "
        "(19800101-D001)."
    ),
    Role.ANALYST: gettext_lazy("Browse Units: who does what in the county. Your role sees no personal data."),
    Role.COUNCIL_MEMBER: gettext_lazy("Under Units, find the units that serve Härnösand."),
    Role.USER_COUNCIL_REP: gettext_lazy("Under Units, find your association's support centre and who it works with."),
    Role.COUNTY_ADMIN: gettext_lazy("Invite a member of staff, or add a unit. Your role sees no personal data."),
}


def guide() -> dict[str, Any]:
    """What the demo's pages tell a newcomer: who to sign in as, what to try, whom to look for."""
    from core import demo_registry  # the apps' demo modules import this one

    return {
        "password": DEMO_PASSWORD,
        "totp_secret": DEMO_TOTP_SECRET,
        "users": [(u.username, u.role.label, u.unit, FIRST_STEPS.get(u.role, "")) for u in USERS],
        "first_steps": {role.value: step for role, step in FIRST_STEPS.items()},
        "showcases": demo_registry.showcases(),
    }
