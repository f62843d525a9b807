"""The county's personas, in one place (STYLE.md). Every view test signs in as them."""

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client, TestCase

from accounts.models import User
from organisations.models import PrincipalKind, Unit, UnitType
from organisations.roles import Role
from tests.factories import MembershipFactory, MunicipalityFactory, RegionFactory, UnitFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery staple"


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> None:
    """Sign in as if through allauth: password, then (if asked) the second factor."""
    client.force_login(user)
    session = client.session
    records = [{"method": "password", "at": 0.0, "username": user.username}]
    if second_factor:
        records.append({"method": "mfa", "at": 0.0, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def with_second_factor(user: User) -> User:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


class County:
    """A small county: a region and two municipalities, their units and staff in every role."""

    def __init__(self) -> None:
        self.region = RegionFactory(name="Region Testnorrland")
        self.sundsvall = MunicipalityFactory(name="Sundsvalls kommun", municipality_code="2281")
        self.harnosand = MunicipalityFactory(name="Härnösands kommun", municipality_code="2280")
        self.adult_unit = UnitFactory(principal=self.sundsvall, name="Vuxenenheten Sundsvall")
        self.other_municipality_unit = UnitFactory(principal=self.harnosand, name="Vuxenenheten Härnösand")
        self.addiction_unit = UnitFactory(
            principal=self.region, name="Beroendecentrum", unit_type=UnitType.ADDICTION_UNIT
        )
        self.office = UnitFactory(principal=self.region, name="Regionkansliet", unit_type=UnitType.OTHER)
        self.adult_unit.serves_municipalities.add(self.sundsvall)
        self.addiction_unit.serves_municipalities.add(self.sundsvall, self.harnosand)
        self.social_worker = self._staff("socialworker", self.adult_unit, Role.SOCIAL_WORKER)
        self.colleague = self._staff("colleague", self.adult_unit, Role.THERAPIST)
        self.nurse = self._staff("nurse", self.addiction_unit, Role.NURSE)
        self.other_municipality_worker = self._staff("elsewhere", self.other_municipality_unit, Role.SOCIAL_WORKER)
        self.manager = self._staff("manager", self.adult_unit, Role.UNIT_MANAGER)
        self.analyst = self._staff("analyst", self.office, Role.ANALYST)
        self.admin = self._staff("admin", self.office, Role.COUNTY_ADMIN)
        self.no_membership = UserFactory(username="nomembership")

    def _staff(self, username: str, unit: Unit, role: Role) -> User:
        user = UserFactory(username=username, first_name=username.capitalize())
        MembershipFactory(user=user, unit=unit, role=role)
        if role.requires_second_factor:
            with_second_factor(user)
        return user

    @property
    def staff(self) -> dict[str, User]:
        return {
            "social_worker": self.social_worker,
            "colleague": self.colleague,
            "nurse": self.nurse,
            "other_municipality_worker": self.other_municipality_worker,
            "manager": self.manager,
            "analyst": self.analyst,
            "admin": self.admin,
        }


class CountyTestCase(TestCase):
    county: County

    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()

    def sign_in(self, user: User, *, second_factor: bool = True) -> None:
        sign_in(self.client, user, second_factor=second_factor)


__all__ = ["County", "CountyTestCase", "PrincipalKind", "sign_in", "with_second_factor"]
