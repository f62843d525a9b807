"""A county for the deficiency tests: the personas' county, its councils, seats and a few more staff."""

import datetime
from typing import Any

from django.test import Client

from accounts.models import User
from deviations import services
from deviations.models import CouncilMember, Report
from organisations.models import Council, CouncilKind, Unit
from organisations.roles import Role
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.personas import County, sign_in, with_second_factor


class DeviationCounty(County):
    """Adds the addiction unit's manager, the other municipality's manager, councils and their members."""

    def __init__(self) -> None:
        super().__init__()
        self.counterpart_manager = self._staff("cpmanager", self.addiction_unit, Role.UNIT_MANAGER)
        self.other_manager = self._staff("othermanager", self.other_municipality_unit, Role.UNIT_MANAGER)
        self.local_council = Council.objects.create(
            name="Lokalt samråd Sundsvall", kind=CouncilKind.LOCAL, municipality=self.sundsvall
        )
        self.other_council = Council.objects.create(
            name="Lokalt samråd Härnösand", kind=CouncilKind.LOCAL, municipality=self.harnosand
        )
        self.regional_council = Council.objects.create(name="Regionalt samråd", kind=CouncilKind.REGIONAL)
        self.council_unit = UnitFactory(principal=self.sundsvall, name="Socialförvaltningen Sundsvall")
        self.council_member = self._staff("councillor", self.council_unit, Role.COUNCIL_MEMBER)
        self.other_council_member = self._staff("othercouncillor", self.other_municipality_unit, Role.COUNCIL_MEMBER)
        self.regional_member = self._staff("regionalcouncillor", self.office, Role.COUNCIL_MEMBER)
        self.user_council_rep = self._staff("usercouncil", self.office, Role.USER_COUNCIL_REP)
        CouncilMember.objects.create(council=self.local_council, user=self.council_member)
        CouncilMember.objects.create(council=self.other_council, user=self.other_council_member)
        CouncilMember.objects.create(council=self.regional_council, user=self.regional_member)

    def submit(self, reporter: User | None = None, unit: Unit | None = None, **values: Any) -> Report:
        reporter = reporter or self.social_worker
        fields: dict[str, Any] = {
            "agreement": "addiction",
            "happened_on": datetime.date.today() - datetime.timedelta(days=3),
            "reporting_unit": unit or self.adult_unit,
            "counterpart_units": [self.addiction_unit],
            "counterpart_principals": [],
            "category": "accessibility",
            "what_happened": "Ingen tid för bedömning inom överenskommen tid.",
            "consequence": "Väntan på behandling blev fyra veckor längre.",
            "severity": "medium",
        }
        fields.update(values)
        return services.report_submit(reporter=reporter, **fields)


def fresh(user: User) -> User:
    """The user as a new request sees them (memberships and seats not cached)."""
    return User.objects.get(pk=user.pk)


def signed_in_client(user: User) -> Client:
    client = Client()
    if any(m.role_enum.requires_second_factor for m in user.active_memberships):
        with_second_factor(user)
    sign_in(client, user)
    return client


__all__ = ["DeviationCounty", "MembershipFactory", "UserFactory", "fresh", "signed_in_client"]


def app_queries(captured: list[dict]) -> list[str]:
    """The queries a page makes itself, without the session bookkeeping (its writes come and go
    with the session's age, whatever the page)."""
    noise = ("django_session", "usersessions_usersession", "SAVEPOINT")
    return [q["sql"] for q in captured if not any(word in q["sql"] for word in noise)]
