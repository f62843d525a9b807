"""Where someone who took a self-test can turn: the county's joint receptions and user
organisations (units in the directory) and the national helplines for the instrument's topic.

Only national numbers that are certain are listed (the same ones the public guide gives, see
directory/helplines.py): the Alcohol Line (Alkohollinjen, 020-84 44 48) is left out on purpose,
because it merged into Alkoholhjälpen in March 2024 and its number could not be confirmed;
Alkoholhjälpen is given by its web address. Confirm them once a year."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit, UnitType


@dataclass(frozen=True)
class Helpline:
    name: str | Promise
    description: str | Promise
    number: str = ""  # as written in Sweden; empty when the line is reached on the web
    web: str = ""

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit())


HEALTHCARE = Helpline(
    _("1177 Healthcare advice"), _("Nurses answer around the clock and tell you where to get care."), number="1177"
)
HELPLINES: dict[str, list[Helpline]] = {
    "alcohol": [
        Helpline(
            _("Alkoholhjälpen"),
            _("Free, anonymous support on the web and by phone for anyone who wants to change their drinking."),
            web="https://alkoholhjalpen.se",
        ),
        HEALTHCARE,
    ],
    "drugs": [
        Helpline(
            _("Drug Help (Droghjälpen)"),
            _("Free, anonymous advice about drugs and medicines, for users and relatives."),
            number="020-91 91 91",
        ),
        HEALTHCARE,
    ],
    "gambling": [
        Helpline(
            _("The Support Line for gambling (Stödlinjen)"),
            _("Free, anonymous support for anyone with gambling problems, and for relatives."),
            number="020-81 91 00",
        ),
        Helpline(
            _("Spelpaus.se"),
            _("Exclude yourself from all licensed gambling in Sweden."),
            web="https://www.spelpaus.se",
        ),
    ],
}


def helplines(topic: str) -> list[Helpline]:
    return HELPLINES.get(topic, [HEALTHCARE])


def county_places() -> tuple[list[Unit], list[Unit]]:
    """(joint receptions, user organisations): active units, by name (one query)."""
    units = list(
        Unit.objects.filter(
            is_active=True, unit_type__in=[UnitType.JOINT_RECEPTION, UnitType.USER_ORGANISATION]
        ).order_by("name")
    )
    joint = [unit for unit in units if unit.unit_type == UnitType.JOINT_RECEPTION]
    peers = [unit for unit in units if unit.unit_type == UnitType.USER_ORGANISATION]
    return joint, peers
