"""Swedish identity numbers: personnummer, samordningsnummer and the region's reservnummer.

Rules (Skatteverket; reference/security.md): twelve digits YYYYMMDDNNNC are stored; the check
digit C is the Luhn digit over the ten digits after the century; a samordningsnummer has the day
of birth + 60 (61–91); in the ten-digit form "+" instead of "-" says the person is 100 or older;
the ninth digit's parity gives legal sex (odd: man, even: woman). A reservnummer is a region's
own temporary number, its format set per region (settings.RESERVNUMMER_PATTERN).
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import luhn


class IdentityKind(models.TextChoices):
    PERSONNUMMER = "personnummer", _("Personal identity number")
    SAMORDNINGSNUMMER = "samordningsnummer", _("Coordination number")
    RESERVNUMMER = "reservnummer", _("Reserve number")


class LegalSex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    UNKNOWN = "unknown", _("Not known")


@dataclass(frozen=True)
class IdentityNumber:
    kind: str
    value: str  # 12 digits, or the reservnummer in its one stored writing (see normalise_reserve_number)
    birth_date: datetime.date | None
    legal_sex: str

    @property
    def display(self) -> str:
        if self.kind == IdentityKind.RESERVNUMMER:
            return self.value
        return f"{self.value[:8]}-{self.value[8:]}"


# Ten or twelve digits, with at most one separator ("-" or "+") before the last four.
_SHAPE = re.compile(r"(?P<date>[0-9]{6}|[0-9]{8})(?P<sep>[-+]?)(?P<tail>[0-9]{4})", re.ASCII)


def _error(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def parse_identity_number(text: str, *, today: datetime.date | None = None) -> IdentityNumber:
    """Parse and validate; raise ValidationError with a message that names the problem."""
    today = today or datetime.date.today()
    raw = (text or "").strip()
    if not raw:
        raise _error(_("Enter a personal identity number, coordination number or reserve number."), "required")
    reserve = normalise_reserve_number(raw)
    if reserve is not None:
        return IdentityNumber(IdentityKind.RESERVNUMMER, reserve, None, LegalSex.UNKNOWN)
    if not raw.isascii():
        raise _error(_("Use only the digits 0–9 and a dash or plus sign (or the letters of a reserve number)."),
                     "characters")  # fmt: skip
    if re.search(r"[^0-9+\-]", raw):
        raise _error(
            _("This is not a reserve number, and a personal identity or coordination number has only the digits "
              "0–9 and a dash or plus sign, no letters or spaces."),
            "characters",
        )  # fmt: skip
    match = _SHAPE.fullmatch(raw)
    if not match:
        digits = len(re.sub(r"[^0-9]", "", raw))
        if digits not in (10, 12):
            raise _error(
                _("The number has %(count)d digits; write 12 digits (YYYYMMDD-NNNN) or 10 (YYMMDD-NNNN).")
                % {"count": digits},
                "length",
            )
        raise _error(_("Put the dash or plus sign only before the last four digits."), "separator")
    date_part, sep, tail = match["date"], match["sep"], match["tail"]
    if sep == "+" and len(date_part) == 8:
        raise _error(_("The plus sign is used only with ten digits; with twelve digits write a dash."), "separator")
    day = int(date_part[-2:])
    kind = IdentityKind.PERSONNUMMER
    if day > 60:
        kind = IdentityKind.SAMORDNINGSNUMMER
        day -= 60
    month = int(date_part[-4:-2])
    century = _century(date_part, sep, month, day, today)
    year = century * 100 + int(date_part[-6:-4])
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError:
        if kind == IdentityKind.SAMORDNINGSNUMMER and day > 31:
            raise _error(
                _("A coordination number has day of birth + 60 (61–91); %(day)s is not possible.")
                % {"day": date_part[-2:]},
                "date",
            ) from None
        date = f"{year:04d}-{month:02d}-{day:02d}"
        raise _error(_("%(date)s is not a real date.") % {"date": date}, "date") from None
    if birth_date > today:
        raise _error(_("The date of birth is in the future."), "future")
    ten = date_part[-6:] + tail
    if not luhn.is_valid(ten):
        raise _error(_("The last digit (check digit) is wrong: check the number for typing errors."), "checksum")
    sex = LegalSex.MALE if int(ten[8]) % 2 else LegalSex.FEMALE
    return IdentityNumber(kind, f"{year:04d}{date_part[-4:]}{tail}", birth_date, sex)


# Spaces and dashes a person may type inside a reserve number; any other character is kept as typed.
_RESERVE_NOISE = re.compile(r"[\s\-\u2010-\u2015]")
# The usual shape: eight digits (the date), then the series (a letter and digits).
_RESERVE_SHAPE = re.compile(r"(?P<date>[0-9]{8})(?P<series>[A-Z][0-9A-Z]*)", re.ASCII)


def normalise_reserve_number(text: str) -> str | None:
    """The one stored writing of a reserve number, or None if ``text`` is not one.

    Every accepted writing (with or without a dash, lower or upper case, spaces) gives the same
    value, so that storing and look-up agree: "19850505d002", "19850505 D002" and "19850505-D002"
    are all "19850505-D002". The region's pattern (settings.RESERVNUMMER_PATTERN) decides what is a
    reserve number; the dash is kept only where the pattern accepts it.
    """
    pattern = getattr(settings, "RESERVNUMMER_PATTERN", "")
    if not pattern or not text:
        return None
    upper = text.strip().upper()
    compact = _RESERVE_NOISE.sub("", upper)
    accepted = [re.sub(r"\s+", "", upper), re.sub(r"\s+", "-", upper), compact]
    if not any(re.fullmatch(pattern, candidate, re.ASCII) for candidate in accepted):
        return None
    shape = _RESERVE_SHAPE.fullmatch(compact)
    canonical = [f"{shape['date']}-{shape['series']}"] if shape else []
    for candidate in [*canonical, compact]:
        if re.fullmatch(pattern, candidate, re.ASCII):
            return candidate
    return None


def _century(date_part: str, sep: str, month: int, day: int, today: datetime.date) -> int:
    if len(date_part) == 8:
        return int(date_part[:2])
    # Ten digits: the latest century that puts the birth date on or before today; "+" adds 100 years.
    yy = int(date_part[:2])
    century = today.year // 100
    candidate = century * 100 + yy
    if (candidate, month, day) > (today.year, today.month, today.day):
        century -= 1
    if sep == "+":
        century -= 1
    return century
