"""The national numbers the guide gives: 112 and the national helplines.

Only real, public national numbers whose number is certain are listed. The Alcohol Line
(Alkohollinjen) is left out on purpose: it was merged into Alkoholhjälpen in March 2024, and its
current telephone number could not be confirmed; 1177 answers for alcohol meanwhile. Kept here
(not in the database) because they are the same in every county and must be there even when the
database is not. Confirm them once a year (README of the directory)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Helpline:
    key: str
    name: str | Promise
    number: str  # as written in Sweden
    description: str | Promise
    concerns: frozenset[str]  # the concerns it is for; empty: every concern
    emergency: bool = False  # given first, for emergencies

    @property
    def tel(self) -> str:
        """The number for a tel: link (digits only)."""
        return "".join(ch for ch in self.number if ch.isdigit())


ALL: frozenset[str] = frozenset()
HELPLINES = [
    Helpline("112", _("Emergency number"), "112", _("Police, ambulance and rescue services when life or health is in danger right now."), ALL, emergency=True),  # noqa: E501
    Helpline("1177", _("1177 Healthcare advice"), "1177", _("Nurses answer around the clock and tell you where to get care."), ALL, emergency=True),  # noqa: E501
    Helpline("self_harm", _("Mind's Suicide Line (Självmordslinjen)"), "90101", _("For anyone with thoughts of suicide, and for their relatives; chat on mind.se."), ALL, emergency=True),  # noqa: E501
    Helpline("drugs", _("Drug Help (Droghjälpen)"), "020-91 91 91", _("Free, anonymous advice about drugs and medicines, for users and relatives."), frozenset({"drugs", "medication", "relative"})),  # noqa: E501
    Helpline("gambling", _("The Support Line for gambling (Stödlinjen)"), "020-81 91 00", _("Free, anonymous support for anyone with gambling problems, and for relatives."), frozenset({"gambling", "relative"})),  # noqa: E501
    Helpline("violence", _("Women's Helpline (Kvinnofridslinjen)"), "020-50 50 50", _("Free, around the clock, for anyone subjected to violence or threats, and for relatives."), frozenset({"violence"})),  # noqa: E501
]  # fmt: skip


def emergency_numbers() -> list[Helpline]:
    return [line for line in HELPLINES if line.emergency]


def helplines_for(concern: str | None) -> list[Helpline]:
    """The national helplines for a concern (all of them when the concern is not known)."""
    return [
        line
        for line in HELPLINES
        if not line.emergency and (concern is None or not line.concerns or concern in line.concerns)
    ]
