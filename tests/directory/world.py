"""A small county for the guide's tests: one municipality with a joint reception, an addiction
unit, a round-the-clock ward, a youth clinic, social services and a user organisation."""

from datetime import datetime

from directory.hours import STOCKHOLM
from organisations.models import Principal, PrincipalKind, Service, ServiceCode, Unit, UnitType
from organisations.services import services_ensure
from tests.factories import MunicipalityFactory, RegionFactory, UnitFactory

S = ServiceCode


class GuideCounty:
    def __init__(self) -> None:
        services_ensure()
        self.region = RegionFactory(name="Region Guidenorrland")
        self.town = MunicipalityFactory(name="Guideby kommun", municipality_code="2281")
        self.other = MunicipalityFactory(name="Annanby kommun", municipality_code="2280")
        self.peers = Principal.objects.create(
            name="Brukarföreningen Test", kind=PrincipalKind.NON_PROFIT, organisation_number="8024000005"
        )  # noqa: E501
        self.joint = self.unit(
            "Gemensam mottagning Guideby",
            self.town,
            UnitType.JOINT_RECEPTION,
            "070-174 06 05",
            (S.COUNSELLING, S.SCREENING),
            age_min=None,
            hours="Mån–fre 8–17",
        )
        self.addiction = self.unit(
            "Beroendecentrum Guideby",
            self.region,
            UnitType.ADDICTION_UNIT,
            "070-174 06 06",
            (S.WITHDRAWAL_TREATMENT, S.PSYCHOSOCIAL_TREATMENT, S.GAMBLING_TREATMENT),
            age_min=18,
            hours="Mån–tors 8–16.30, fre 8–15",
            serves=(self.town, self.other),
        )
        self.ward = self.unit(
            "Avdelning 24",
            self.region,
            UnitType.PSYCHIATRY_INPATIENT,
            "070-174 06 07",
            (S.PSYCHIATRIC_CARE, S.WITHDRAWAL_TREATMENT),
            age_min=18,
            hours="Dygnet runt",
        )
        self.youth = self.unit(
            "Ungdomsmottagningen Guideby",
            self.town,
            UnitType.YOUTH_CLINIC,
            "070-174 06 08",
            (S.COUNSELLING, S.YOUTH_SUPPORT),
            age_min=13,
            age_max=25,
            hours="Mån 13–18",
        )
        self.social = self.unit(
            "Vuxenenheten Guideby",
            self.town,
            UnitType.ADULT_SOCIAL_SERVICES,
            "070-174 06 09",
            (S.INVESTIGATION, S.RELATIVES_SUPPORT),
            age_min=18,
            hours="ring oss",
        )
        self.peer_unit = self.unit(
            "Brukarföreningen stödcenter",
            self.peers,
            UnitType.USER_ORGANISATION,
            "070-174 06 10",
            (S.PEER_SUPPORT,),
            age_min=None,
            hours="Mån–fre 10–16",
        )
        self.silent = self.unit(
            "Enhet utan telefon",
            self.town,
            UnitType.PRIMARY_CARE,
            "",
            (S.COUNSELLING,),
            age_min=None,
            hours="Mån–fre 8–17",
        )

    def unit(
        self,
        name: str,
        principal: Principal,
        unit_type: str,
        phone: str,
        services: tuple[str, ...],
        *,
        age_min: int | None,
        hours: str,
        age_max: int | None = None,
        serves: tuple[Principal, ...] = (),
    ) -> Unit:
        unit = UnitFactory(
            name=name,
            principal=principal,
            unit_type=unit_type,
            phone=phone,
            age_min=age_min,
            age_max=age_max,
            opening_hours=hours,
            street_address="Exempelgatan 1 (fiktiv)",
            postal_code="85230",
            city="Guideby",
        )
        unit.services.set(Service.objects.filter(code__in=services))
        unit.serves_municipalities.set(serves or (self.town,))
        return unit


def stockholm(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on the controlled clock, in Stockholm time."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)
