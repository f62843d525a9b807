"""The guide's one selection: which units to give for a municipality, an age, a concern, whom it
concerns and how urgent it is, in order, each with why. The page and the API both call
``guide_answer``; the unit data is cached (directory.cache), "open now" is computed per request.
"""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory import cache as guide_cache
from directory.helplines import Helpline, emergency_numbers, helplines_for
from directory.hours import DAYS, MIDNIGHT, Period, is_open, next_opening
from directory.models import OpeningPeriod
from directory.questions import CHILD_UNTIL, Concern, Urgency, Whom
from organisations.models import Principal, PrincipalKind, Service, ServiceCode, Unit, UnitType

S = ServiceCode
# The services that answer each concern, most specific first.
CONCERN_SERVICES: dict[str, tuple[str, ...]] = {
    Concern.ALCOHOL: (S.COUNSELLING, S.SCREENING, S.PSYCHOSOCIAL_TREATMENT, S.WITHDRAWAL_TREATMENT, S.INVESTIGATION),
    Concern.DRUGS: (
        S.PSYCHOSOCIAL_TREATMENT,
        S.WITHDRAWAL_TREATMENT,
        S.MEDICATION_ASSISTED,
        S.COUNSELLING,
        S.SCREENING,
        S.INVESTIGATION,
    ),  # noqa: E501
    Concern.MEDICATION: (
        S.WITHDRAWAL_TREATMENT,
        S.MEDICATION_ASSISTED,
        S.PSYCHOSOCIAL_TREATMENT,
        S.COUNSELLING,
        S.SCREENING,
    ),  # noqa: E501
    Concern.GAMBLING: (S.GAMBLING_TREATMENT, S.COUNSELLING),
    Concern.PREGNANCY: (S.PREGNANCY_SUPPORT,),
    # Social services answer for support to victims of violence (SoL 5 kap 11 §).
    Concern.VIOLENCE: (S.INVESTIGATION, S.COUNSELLING, S.PSYCHOSOCIAL_TREATMENT),
    Concern.RELATIVE: (S.RELATIVES_SUPPORT,),
}
# What fits the urgency: acute care for emergencies, treatment soon, advice otherwise.
URGENCY_SERVICES: dict[str, tuple[str, ...]] = {
    Urgency.EMERGENCY: (S.WITHDRAWAL_TREATMENT, S.PSYCHIATRIC_CARE),
    Urgency.SOON: (
        S.INVESTIGATION,
        S.PSYCHOSOCIAL_TREATMENT,
        S.WITHDRAWAL_TREATMENT,
        S.MEDICATION_ASSISTED,
        S.GAMBLING_TREATMENT,
        S.PREGNANCY_SUPPORT,
    ),  # noqa: E501
    Urgency.ADVICE: (S.COUNSELLING, S.SCREENING, S.RELATIVES_SUPPORT),
}
# Ways in that help anyone on, when no unit offers exactly what was asked.
GENERAL_ENTRIES = (
    UnitType.JOINT_RECEPTION,
    UnitType.PRIMARY_CARE,
    UnitType.ADULT_SOCIAL_SERVICES,
    UnitType.YOUTH_CLINIC,
)  # noqa: E501
MAX_UNITS = 5
MAX_PEER_SUPPORT = 3


@dataclass(frozen=True)
class Question:
    municipality: str  # SCB code
    age: int
    concern: str
    urgency: str
    whom: str = Whom.MYSELF


@dataclass
class GuideUnit:
    id: UUID
    name: str
    principal: str
    unit_type: str
    phone: str
    email: str
    street_address: str
    postal_code: str
    city: str
    opening_hours: str
    periods: list[Period]
    directions: str
    reasons: list[str]
    kind: str  # "joint_reception", "unit" or "peer_support"
    open_now: bool | None = None
    next_opening: datetime | None = None

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def postal_code_display(self) -> str:
        code = self.postal_code.replace(" ", "")
        return f"{code[:3]} {code[3:]}" if len(code) == 5 else self.postal_code

    @property
    def always_open(self) -> bool:
        return len({p.weekday for p in self.periods if p.opens == MIDNIGHT and p.closes == MIDNIGHT}) == DAYS


@dataclass
class Answer:
    question: Question
    municipality_name: str
    units: list[GuideUnit]
    peer_support: list[GuideUnit]
    emergency: list[Helpline] = field(default_factory=list)
    helplines: list[Helpline] = field(default_factory=list)


def municipalities() -> list[tuple[str, str]]:
    """(SCB code, name) of the county's active municipalities, by name; cached."""
    key = guide_cache.key("municipalities")
    found = guide_cache.cache.get(key)
    if found is None:
        found = list(
            Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True)
            .order_by("name")
            .values_list("municipality_code", "name")
        )
        guide_cache.cache.set(key, found, guide_cache.TIMEOUT)
    return list(found)


def guide_answer(question: Question, *, now: datetime | None = None) -> Answer:
    """The answer to the guide's questions. ``now`` (default: the clock) decides "open now"."""
    key = guide_cache.key(
        "answer", translation.get_language(), question.municipality, question.age, question.concern,
        question.urgency, question.whom,
    )  # fmt: skip
    cached = guide_cache.cache.get(key)
    if cached is None:
        cached = _select(question)
        guide_cache.cache.set(key, cached, guide_cache.TIMEOUT)
    name, units, peers = cached
    moment = now or timezone.now()
    for unit in [*units, *peers]:
        unit.open_now = is_open(unit.periods, moment) if unit.periods else None
        unit.next_opening = None if unit.open_now or not unit.periods else next_opening(unit.periods, moment)
    emergency = emergency_numbers() if question.urgency == Urgency.EMERGENCY else []
    concern = None if question.concern == Concern.RELATIVE else question.concern
    return Answer(question, name, units, peers, emergency, helplines_for(concern))


def _candidates(code: str) -> tuple[str, list[Unit]]:
    municipality = Principal.objects.get(kind=PrincipalKind.MUNICIPALITY, municipality_code=code)
    units = list(
        Unit.objects.filter(is_active=True, serves_municipalities=municipality)
        .exclude(phone="")
        .select_related("principal", "directions")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.only("code")),
            Prefetch("opening_periods", queryset=OpeningPeriod.objects.order_by("weekday", "opens")),
        )
        .order_by("name")
    )
    return municipality.name, units


def _select(question: Question) -> tuple[str, list[GuideUnit], list[GuideUnit]]:
    name, units = _candidates(question.municipality)
    relative = question.whom == Whom.RELATIVE or question.concern == Concern.RELATIVE
    peers = [u for u in units if u.unit_type == UnitType.USER_ORGANISATION]
    scored = []
    for unit in units:
        if unit.unit_type == UnitType.USER_ORGANISATION:
            continue
        score, reasons = _score(unit, question, relative, name)
        if score > 0:
            scored.append((score, unit, reasons))
    scored.sort(key=lambda item: (-item[0], item[1].name))
    chosen = [(unit, reasons) for _score_, unit, reasons in scored[:MAX_UNITS]]
    if not chosen:
        chosen = _fallback(units, question, name)
    peer_units = [
        _guide_unit(unit, [_("Peer support from people with experience of their own."), _served(name)], "peer_support")
        for unit in peers
        if _fits_age(unit, question.age) or relative
    ][:MAX_PEER_SUPPORT]
    return name, [_guide_unit(unit, reasons, _kind(unit)) for unit, reasons in chosen], peer_units


def _score(unit: Unit, question: Question, relative: bool, municipality: str) -> tuple[int, list[str]]:
    offered = {service.code for service in unit.services.all()}
    wanted = list(CONCERN_SERVICES[question.concern])
    if relative:
        wanted = [S.RELATIVES_SUPPORT, *(s for s in wanted if s != S.RELATIVES_SUPPORT)]
    # A relative's own support is for the relative, whatever the age of the person it concerns.
    relatives_only = relative and S.RELATIVES_SUPPORT in offered
    if not _fits_age(unit, question.age) and not relatives_only:
        return 0, []
    matched = [code for code in wanted if code in offered]
    joint = unit.unit_type == UnitType.JOINT_RECEPTION
    if not matched and not joint:
        return 0, []
    score = 10 * len(matched) + 3 * sum(code in offered for code in URGENCY_SERVICES[question.urgency])
    reasons = []
    if joint:
        score += 1000  # the joint reception's single number first (seed 001: one way in, one number)
        reasons.append(_("The joint reception: one number for the municipality's and the region's help."))
    if matched:
        labels = ", ".join(str(S(code).label).lower() for code in matched)
        reasons.append(_("Offers %(services)s.") % {"services": labels})
    child = question.age < CHILD_UNTIL or question.whom == Whom.CHILD
    if child and (S.YOUTH_SUPPORT in offered or (unit.age_max is not None and unit.age_max < 30)):
        score += 15
        reasons.append(_("Works with children and young people."))
    if question.urgency == Urgency.EMERGENCY and _always_open(unit):
        score += 20
        reasons.append(_("Open around the clock."))
    if unit.age_min is not None or unit.age_max is not None:
        reasons.append(_age_reason(unit))
    reasons.append(_served(municipality))
    return score, reasons


def _fallback(units: list[Unit], question: Question, municipality: str) -> list[tuple[Unit, list[str]]]:
    """No unit offers what was asked: the general ways in that take the age, then any that do."""
    fitting = [u for u in units if u.unit_type != UnitType.USER_ORGANISATION and _fits_age(u, question.age)]
    general = [u for u in fitting if u.unit_type in GENERAL_ENTRIES] or fitting
    reason = _("A general way in: they listen and help you on to the right place.")
    return [(unit, [reason, _served(municipality)]) for unit in general[:MAX_UNITS]]


def _fits_age(unit: Unit, age: int) -> bool:
    return (unit.age_min is None or unit.age_min <= age) and (unit.age_max is None or age <= unit.age_max)


def _always_open(unit: Unit) -> bool:
    periods = unit.opening_periods.all()
    return len({p.weekday for p in periods if p.opens == MIDNIGHT and p.closes == MIDNIGHT}) == DAYS


def _age_reason(unit: Unit) -> str:
    if unit.age_max is None:
        return ngettext("Takes people from %(min)s year.", "Takes people from %(min)s years.", unit.age_min or 0) % {
            "min": unit.age_min
        }
    return _("Takes people aged %(min)s–%(max)s.") % {"min": unit.age_min or 0, "max": unit.age_max}


def _served(municipality: str) -> str:
    return _("Serves %(municipality)s.") % {"municipality": municipality}


def _kind(unit: Unit) -> str:
    return "joint_reception" if unit.unit_type == UnitType.JOINT_RECEPTION else "unit"


def _guide_unit(unit: Unit, reasons: list[str], kind: str) -> GuideUnit:
    directions = getattr(unit, "directions", None)
    return GuideUnit(
        id=unit.uuid,
        name=unit.name,
        principal=unit.principal.name,
        unit_type=str(unit.get_unit_type_display()),
        phone=unit.phone,
        email=unit.email,
        street_address=unit.street_address,
        postal_code=unit.postal_code,
        city=unit.city,
        opening_hours=unit.opening_hours,
        periods=[Period(p.weekday, p.opens, p.closes) for p in unit.opening_periods.all()],
        directions=directions.text if directions else "",
        reasons=[str(reason) for reason in reasons],
        kind=kind,
    )
