"""The kinds of reminder, registered by the capabilities that schedule them (in AppConfig.ready()).

A kind is a short code with a translatable label (shown in e-mails: nothing else about the object
leaves the product) and a translatable message, which may use safe parameters (counts, dates,
codes: never a name, a personal identity number or free text about a person):

    from django.utils.translation import gettext_lazy as _
    from reminders import kinds
    kinds.register("sip_follow_up", label=_("SIP follow-up"), message=_("Follow up the SIP by %(date)s."))
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise

KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)


@dataclass(frozen=True)
class ReminderKind:
    code: str
    label: str | Promise
    message: str | Promise


_kinds: dict[str, ReminderKind] = {}


def register(code: str, *, label: str | Promise, message: str | Promise) -> ReminderKind:
    if not KIND_PATTERN.fullmatch(code):
        raise ValueError(f"A reminder kind is a short code of a-z, 0-9 and _: {code!r}")
    kind = ReminderKind(code, label, message)
    _kinds[code] = kind
    return kind


def get(code: str) -> ReminderKind | None:
    return _kinds.get(code)
