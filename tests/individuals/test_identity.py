"""Identity numbers: every rule in reference/security.md, and the bad input the issue lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from individuals.identity import IdentityKind, LegalSex, parse_identity_number

TODAY = datetime.date(2026, 11, 24)


def parse(text: str):
    return parse_identity_number(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "value", "kind", "sex", "born"),
    [
        ("19121212-1212", "191212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(1912, 12, 12)),
        ("191212121212", "191212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(1912, 12, 12)),
        ("121212-1212", "201212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(2012, 12, 12)),
        ("1212121212", "201212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(2012, 12, 12)),
        # "+" is written from the year a person turns 100
        ("121212+1212", "191212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(1912, 12, 12)),
        ("20000229-0005", "200002290005", IdentityKind.PERSONNUMMER, LegalSex.FEMALE, datetime.date(2000, 2, 29)),
        # samordningsnummer: day + 60
        ("19121272-1219", "191212721219", IdentityKind.SAMORDNINGSNUMMER, LegalSex.MALE, datetime.date(1912, 12, 12)),
        ("  19121212-1212 ", "191212121212", IdentityKind.PERSONNUMMER, LegalSex.MALE, datetime.date(1912, 12, 12)),
    ],
)
def test_valid_numbers(text, value, kind, sex, born) -> None:
    number = parse(text)
    assert (number.value, number.kind, number.legal_sex, number.birth_date) == (value, kind, sex, born)


def test_ten_digits_take_the_latest_century_not_in_the_future() -> None:
    # 1 January 1927 written with ten digits is 1927 (2027 would be in the future)
    from stdnum import luhn

    ten = "270101" + "123"
    ten += luhn.calc_check_digit(ten)
    assert parse(ten).birth_date == datetime.date(1927, 1, 1)


def test_display_form_is_twelve_digits_with_dash() -> None:
    assert parse("1212121212").display == "20121212-1212"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("19121212-1213", "checksum"),  # wrong check digit
        ("19090231-1234", "date"),  # 31 February
        ("19000229-1234", "date"),  # 1900 was not a leap year
        ("abcdefghijkl", "characters"),
        ("19121212-12a2", "characters"),
        ("١٩١٢١٢١٢-١٢١٢", "characters"),  # Arabic-Indic digits
        ("１９１２１２１２-１２１２", "characters"),  # full-width digits
        ("1912121212121", "length"),  # 13 digits
        ("19121212121", "length"),  # 11 digits
        ("1912 1212-1212", "characters"),
        ("19-121212-1212", "separator"),
        ("191212-121212", "separator"),
        ("19121212--1212", "separator"),
        ("19121212+1212", "separator"),  # plus only with ten digits
        ("19121292-1212", "date"),  # samordningsnummer day 92 (> 91)
        ("", "required"),
        ("20991231-1234", "future"),
    ],
)
def test_invalid_numbers_name_the_problem(text, code) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert caught.value.code == code, caught.value.messages
    assert caught.value.messages[0]


def test_reserve_number_follows_the_configured_pattern(settings) -> None:
    settings.RESERVNUMMER_PATTERN = r"[0-9]{8}-?[A-Z][0-9]{3}"
    number = parse("20260101-K123")
    assert number.kind == IdentityKind.RESERVNUMMER
    assert number.legal_sex == LegalSex.UNKNOWN


@pytest.mark.parametrize("text", ["19850505-D002", "19850505D002", "19850505d002", "19850505 D002", " 19850505-d002 ",
                                  "19850505 - D002"])  # fmt: skip
def test_every_writing_of_a_reserve_number_gives_one_value(text, settings) -> None:
    settings.RESERVNUMMER_PATTERN = r"[0-9]{8}-?[A-Z][0-9]{3}"
    number = parse(text)
    assert (number.kind, number.value, number.display) == (IdentityKind.RESERVNUMMER, "19850505-D002", "19850505-D002")


def test_a_pattern_without_dash_stores_without_dash(settings) -> None:
    settings.RESERVNUMMER_PATTERN = r"[0-9]{8}[A-Z][0-9]{3}"
    assert parse("19850505-d002").value == "19850505D002"


@pytest.mark.parametrize("text", ["19850505-D0022", "19850505_D002", "19850505-DD02", "D002", "19850505-Ä002"])
def test_what_is_not_a_reserve_number_is_refused(text, settings) -> None:
    settings.RESERVNUMMER_PATTERN = r"[0-9]{8}-?[A-Z][0-9]{3}"
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert caught.value.messages[0]
