"""Validators for Swedish organisation identifiers; messages say what to fix."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

# SCB county codes (länskoder) in use since 2007; a municipality code is county code + two digits.
COUNTY_CODES = frozenset("01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split())
_MUNICIPALITY_CODE = re.compile(r"[0-9]{4}", re.ASCII)


def validate_municipality_code(value: str) -> None:
    if not _MUNICIPALITY_CODE.fullmatch(value or ""):
        raise ValidationError(_("A municipality code is four digits, for example 2281 for Sundsvall."), code="format")
    if value[:2] not in COUNTY_CODES:
        raise ValidationError(
            _("%(code)s does not start with a Swedish county code (01–25)."),
            code="county",
            params={"code": value},
        )


def normalise_organisation_number(value: str) -> str:
    """Return the ten digits of a valid organisation number, or raise a ValidationError."""
    if not value or not value.isascii():
        raise ValidationError(_("Write the organisation number as ten digits, e.g. 232100-0206."), code="format")
    try:
        return orgnr.validate(value)
    except InvalidLength as exc:
        raise ValidationError(_("An organisation number has ten digits (NNNNNN-NNNN)."), code="length") from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _("The last digit (check digit) is wrong: check the organisation number."), code="checksum"
        ) from exc
    except (InvalidFormat, StdnumError) as exc:
        raise ValidationError(
            _("Write the organisation number as ten digits, e.g. 232100-0206."), code="format"
        ) from exc


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)


UNIT_CODE_MAX = 32
# An HSA-id (SE + the organisation number + "-" + the local part, e.g. SE2321000206-B123) or a
# municipality's own code: ASCII letters and digits in groups joined by single dashes.
_UNIT_CODE = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*", re.ASCII)
UNIT_CODE_DB_REGEX = r"^[A-Z0-9]+(-[A-Z0-9]+)*$"


def normalise_unit_code(value: str) -> str:
    """Codes are kept in capitals (HSA-ids are), so "se2321000206-b1" and "SE2321000206-B1" are one."""
    value = (value or "").strip()
    # Only ASCII is put in capitals: "straße".upper() is "STRASSE", which would pass the format.
    return value.upper() if value.isascii() else value


def validate_unit_code(value: str) -> None:
    if not value:
        raise ValidationError(_("Give the unit's code, e.g. its HSA-id."), code="required")
    if len(value) > UNIT_CODE_MAX:
        raise ValidationError(
            _("A unit code has at most %(max)d characters (it has %(length)d)."),
            code="length",
            params={"max": UNIT_CODE_MAX, "length": len(value)},
        )
    # ASCII first: "ß".upper() is "SS", and a look-alike letter would make a second, different code.
    if not value.isascii() or not _UNIT_CODE.fullmatch(value.upper()):
        raise ValidationError(
            _("A unit code has only letters A–Z, digits and single dashes between them, e.g. SE2321000206-B123."),
            code="format",
        )


def validate_phone(value: str) -> None:
    if value and not re.fullmatch(r"\+?[0-9][0-9 \-]{4,24}", value, re.ASCII):
        raise ValidationError(
            _("Write the phone number with digits, spaces or dashes, e.g. 060-19 10 00."), code="phone"
        )
