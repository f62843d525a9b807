"""The personal-data detector: one module every capability uses for free text and imports.

``findings(text)`` lists what in a text may identify a person:

- ``personnummer`` and ``samordningsnummer`` (blocking): a real date of birth (a samordningsnummer
  has the day + 60) and a right check digit, in any common writing: with or without the century
  (12 or 10 digits), with a dash, a plus (100 years or older), a space or nothing before the last
  four digits, a space after the century ("19 800101-0019"), typographic dashes and spaces.
  The rules are Skatteverket's, applied by ``individuals.identity.parse_identity_number``;
- ``possible_identity_number`` (warning): the same shape and a real date, but the check digit is
  wrong (a typing error in a real number is still a person's number) or the date is in the future;
- ``phone``, ``email``, ``address`` (warnings): a phone number, an e-mail address, an exact street
  address ("Storgatan 12").

Not identity numbers: dates ("2024-01-15", "20240115"), date ranges ("20240101-20240331"), case
numbers ("Dnr 2024-0123"), amounts ("1 200 000 kr"), organisation numbers (their "month" is 20 or
more) and numbers inside longer runs of digits. A date-shaped number with a wrong check digit
after a label such as "order", "faktura" or "dnr" is taken for what the label says; a number with
a right check digit and a real date blocks whatever its label, because nothing tells it apart from
a person's number.

Positions are 0-based indexes of Unicode characters (code points) in the text as given, ``end``
exclusive. Nothing here logs, stores or returns the text itself: messages name a kind and a place.
"""

import bisect
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from individuals.identity import IdentityKind, parse_identity_number

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
POSSIBLE_IDENTITY_NUMBER = "possible_identity_number"
PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
KINDS = (PERSONNUMMER, SAMORDNINGSNUMMER, POSSIBLE_IDENTITY_NUMBER, PHONE, EMAIL, ADDRESS)
BLOCKING_KINDS = frozenset({PERSONNUMMER, SAMORDNINGSNUMMER})

# The longest text the API and the live check take (about 30 pages); forms set their own limits.
MAX_TEXT_LENGTH = 100_000

KIND_NAMES = {
    PERSONNUMMER: _("personal identity number"),
    SAMORDNINGSNUMMER: _("coordination number"),
    POSSIBLE_IDENTITY_NUMBER: _("number that looks like a personal identity number"),
    PHONE: _("phone number"),
    EMAIL: _("e-mail address"),
    ADDRESS: _("street address"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int  # index of the first character
    end: int  # index after the last character
    blocking: bool  # a valid personnummer or samordningsnummer: the text must not be saved

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "blocking": self.blocking}


# --- Writing: spaces, dashes and invisible characters ------------------------------------------

_SPACE = "[ \u00a0\u2009\u202f]"  # space, no-break space, thin space, narrow no-break space
_DASH = "[\\-\u2010-\u2015\u2212\ufe63\uff0d]"  # hyphen-minus, hyphens, en and em dash, minus, full width
_PLUS = "[+\uff0b]"

# YYYYMMDD-NNNC / YYMMDD-NNNC and their variants. The century is optional and may stand apart
# ("19 800101-0019"); one separator (a dash or plus, spaces around it allowed, or a space) or none
# before the last four digits. No digit may touch either end: digits inside a longer run of
# digits are something else (a date range "20240101-20240331", an account or order number).
_IDENTITY = re.compile(
    rf"(?<![0-9])(?:(?P<century>1[89]|20)(?P<gap>{_SPACE}?))?(?P<date>[0-9]{{6}})"
    rf"(?P<sep>{_SPACE}?(?:{_DASH}|{_PLUS}){_SPACE}?|{_SPACE})?(?P<tail>[0-9]{{4}})(?![0-9])"
)

# Phone numbers: Swedish ones with the trunk 0 ("070-123 45 67", "(08) 123 456 78", "0611-123 45")
# and international ones ("+46 70 123 45 67", "0046 70 ...", "+46 (0)70 ..."). Groups of digits
# are parted by exactly one separator, possessively, so that no input makes the pattern backtrack.
_PHONE = re.compile(
    rf"(?<![0-9+])(?<![0-9]{_DASH})(?<![0-9][/.,:])"
    rf"(?:(?P<intl>(?:\+|00)[1-9][0-9]{{0,2}}+(?:{_SPACE}?\(0\))?)|\(0[1-9][0-9]{{0,3}}+\)|0(?=[1-9]))"
    rf"(?:(?:{_SPACE}|{_DASH}|{_SPACE}{_DASH}{_SPACE})?[0-9]++){{1,7}}+(?![0-9])"
)
_NATIONAL_DIGITS = range(8, 11)  # with the trunk 0: "08-12 34 56" .. "070-123 45 67"
_INTERNATIONAL_DIGITS = range(8, 16)  # E.164: country code and number, at most 15

# E-mail: found from each "@" with bounded look-arounds (a run of letters never makes it slow).
_EMAIL_LOCAL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,8}[^\W\d_]{2,24}(?![\w-])")

# Street addresses: a street's name (one word ending like a street, "Storgatan", "storgatan", or a
# capitalised word before a street word, "Gamla vägen") and a house number, with a letter or
# entrance ("12 B", "12b"). A lone street word ("på vägen 2 gånger") is not an address.
_STREET_WORDS = (
    "gatan|gata|vägen|väg|gränd|gränden|torget|torg|allé|allén|backe|backen|stigen|stig|leden|"
    "esplanaden|promenaden|kajen|slingan|stråket"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])(?:[^\W\d_][\w-]+?(?:{_STREET_WORDS})|[A-ZÅÄÖÉ][\w-]*{_SPACE}(?:{_STREET_WORDS}))"
    rf"{_SPACE}[1-9][0-9]{{0,3}}(?:{_SPACE}?[A-Za-z](?!\w))?(?![0-9])(?![,.][0-9])"
)

# Where a match can start, for a quick first scan (see _scan and _address_spans).
_IDENTITY_START = re.compile(rf"[0-9](?<![0-9]{{2}})(?=[0-9]{{5}}|[0-9]?{_SPACE}[0-9]{{6}})")
_PHONE_START = re.compile(r"[0+(](?<![0-9+][0+(])")
_HOUSE_NUMBER = re.compile(rf"{_SPACE}[1-9]")
_STREET_SUFFIXES = tuple(_STREET_WORDS.split("|"))

# Labels that say what a number is, just before it (within the same line).
_OTHER_NUMBER_LABEL = re.compile(
    r"(?i)(?:\b(?:dnr|diarienr|diarienummer|ärende|ärendenr|ärendenummer|order|ordernr|ordernummer|"
    r"beställning|beställningsnr|faktura|fakturanr|fakturanummer|ocr|ref|referens|referensnr|"
    r"kundnr|kundnummer|artikelnr|artikelnummer|art\.?\s?nr|org\.?\s?nr|organisationsnummer|"
    r"bankgiro|bg|plusgiro|pg|konto|kontonr|kontonummer|clearingnr|case|invoice|account|reference)"
    r"\.?(?:\s?(?:nr|nummer|no|number))?\.?\s?[:#]?\s?)$"
)
_PHONE_LABEL = re.compile(
    r"(?i)(?:\b(?:tel|tfn|telefon|telefonnr|telefonnummer|mobil|mobilnr|mobilnummer|mobiltelefon|"
    r"sms|fax|växel|direkt|ring|phone|mobile|call)\.?(?:\s?(?:nr|nummer|no|number))?\.?\s?[:#]?\s?)$"
)
_LABEL_WINDOW = 40


def findings(text: str, *, today: datetime.date | None = None) -> list[Finding]:
    """Everything in ``text`` that may identify a person, in the order it appears."""
    if not text:
        return []
    today = today or datetime.date.today()
    prepared = _Prepared(text)
    plain = prepared.text
    phones = _Spans(match.span() for match in _scan(_PHONE, _PHONE_START, plain) if _is_phone(match))
    found: list[Finding] = []
    taken = _Spans()
    for kind, start, end in _identity_findings(plain, today):
        if phones.covers(start, end) and _rather_a_phone(plain, kind, start, end):
            continue  # the phone number below reports it
        found.append(Finding(kind, start, end, kind in BLOCKING_KINDS))
        taken.add(start, end)
    for kind, spans in ((EMAIL, _email_spans(plain)), (PHONE, iter(phones)), (ADDRESS, _address_spans(plain))):
        for start, end in spans:
            if not taken.overlaps(start, end):
                found.append(Finding(kind, start, end, False))
                taken.add(start, end)
    found.sort(key=lambda finding: (finding.start, finding.end))
    return [prepared.original(finding) for finding in found]


def has_blocking(text: str) -> bool:
    return any(finding.blocking for finding in findings(text))


# --- Identity numbers --------------------------------------------------------------------------


def _identity_findings(text: str, today: datetime.date) -> Iterator[tuple[str, int, int]]:
    for match in _scan(_IDENTITY, _IDENTITY_START, text):
        kind = _identity_kind(match["century"] or "", match["date"], match["sep"] or "", match["tail"], today)
        start = match.start()
        if match["century"] and match["gap"] and kind != PERSONNUMMER and kind != SAMORDNINGSNUMMER:
            # "20 800101-0019": the "20" may be a number of its own; the rest is read alone.
            alone = _identity_kind("", match["date"], match["sep"] or "", match["tail"], today)
            if alone in BLOCKING_KINDS or kind is None:
                kind, start = alone, match.start("date")
        if kind is None:
            continue
        if kind == POSSIBLE_IDENTITY_NUMBER and _OTHER_NUMBER_LABEL.search(_before(text, start)):
            continue  # "Order 4501234567": what the label says, not a mistyped personnummer
        yield kind, start, match.end()


@functools.lru_cache(maxsize=4096)
def _identity_kind(century: str, date: str, sep: str, tail: str, today: datetime.date) -> str | None:
    """The finding's kind by Skatteverket's rules (individuals.identity), or None if no real date."""
    sign = "+" if re.search(_PLUS, sep) and not century else "-"
    try:
        number = parse_identity_number(f"{century}{date}{sign}{tail}", today=today)
    except ValidationError as error:
        # A real date with a wrong check digit, or a date of birth still to come: someone may have
        # mistyped a real number. Any other refusal means no real date: not an identity number.
        return POSSIBLE_IDENTITY_NUMBER if error.code in {"checksum", "future"} else None
    if number.kind == IdentityKind.PERSONNUMMER:
        return PERSONNUMMER
    if number.kind == IdentityKind.SAMORDNINGSNUMMER:
        return SAMORDNINGSNUMMER
    return None  # a region's reserve number written with digits only: not a national number


def _before(text: str, start: int) -> str:
    window = text[max(0, start - _LABEL_WINDOW) : start]
    return window.rsplit("\n", 1)[-1]


# --- Phone numbers -----------------------------------------------------------------------------


def _is_phone(match: re.Match[str]) -> bool:
    digits = sum(character.isdigit() for character in match.group())
    if match["intl"]:
        digits -= 2 if match["intl"].startswith("00") else 0
        digits -= 1 if "(0)" in match["intl"] else 0
        return digits in _INTERNATIONAL_DIGITS
    return digits in _NATIONAL_DIGITS


def _rather_a_phone(text: str, kind: str, start: int, end: int) -> bool:
    """A ten-digit number from 0 that reads both ways ("0701234567", a mobile, or born in 2007):
    a phone if it says so ("tel 0701234567"), or if its check digit is wrong and nothing in its
    writing makes it a personnummer (no separator before the last four digits)."""
    written = text[start:end]
    if not written.startswith("0") or not written.isdigit():
        return False
    if _PHONE_LABEL.search(_before(text, start)):
        return True
    return kind == POSSIBLE_IDENTITY_NUMBER


# --- E-mail addresses and street addresses -----------------------------------------------------


def _email_spans(text: str) -> Iterator[tuple[int, int]]:
    position = text.find("@")
    while position != -1:
        local = _EMAIL_LOCAL.search(text, max(0, position - 64), position)
        domain = _EMAIL_DOMAIN.match(text, position + 1, position + 256)
        if local and domain:
            start = local.start()
            while start < position and text[start] == ".":
                start += 1  # a full stop before the address ends the previous sentence
            if start < position:
                yield start, domain.end()
        position = text.find("@", position + 1)


def _address_spans(text: str) -> Iterator[tuple[int, int]]:
    """From each house number after a street word, back to where the street's name starts: its own
    word ("Storgatan"), or the word before ("Gamla vägen")."""
    last_end = 0
    for number in _HOUSE_NUMBER.finditer(text):
        if not text.endswith(_STREET_SUFFIXES, max(last_end, number.start() - 12), number.start()):
            continue
        word = _word_start(text, number.start())
        before = _word_start(text, word - 1) if word > 1 and re.match(_SPACE, text[word - 1]) else word
        for start in dict.fromkeys((max(before, last_end), max(word, last_end))):
            match = _ADDRESS.match(text, start)
            if match and match.end() > number.start():
                last_end = match.end()
                yield match.span()
                break


def _word_start(text: str, index: int) -> int:
    while index > 0 and (text[index - 1].isalnum() or text[index - 1] in "-_"):
        index -= 1
    return index


def _scan(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only start where ``starts`` matches: the
    quick scan for a first character finds the few places worth a full attempt (a page of prose
    is read about ten times faster)."""
    last_end = 0
    for start in starts.finditer(text):
        if start.start() < last_end:
            continue
        match = pattern.match(text, start.start())
        if match:
            last_end = match.end()
            yield match


class _Spans:
    """Spans that do not overlap one another, sorted, for quick "is this place taken?" questions
    (a text of 100 000 characters may hold thousands of numbers)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(list(zip(self.starts, self.ends, strict=True)))

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def _before_end(self, end: int) -> int:
        return bisect.bisect_left(self.starts, end) - 1  # the last span that starts before ``end``

    def overlaps(self, start: int, end: int) -> bool:
        index = self._before_end(end)
        return index >= 0 and self.ends[index] > start

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.ends[index] >= end


# --- Positions in the text as given ------------------------------------------------------------


def _hides(character: str) -> bool:
    return character.isdecimal() or unicodedata.category(character) == "Cf"


class _Prepared:
    """The text the patterns read: other digits (e.g. full-width "１９") as 0–9, one for one, and
    invisible formatting characters (zero-width space, soft hyphen) left out, so that they
    cannot hide a number; ``original`` maps a finding back to the text as given."""

    def __init__(self, text: str) -> None:
        self.positions: list[int] | None = None
        self.text = text
        if text.isascii() or not any(_hides(character) for character in set(text) if not character.isascii()):
            return
        kept: list[str] = []
        positions: list[int] = []
        for index, character in enumerate(text):
            if unicodedata.category(character) == "Cf":
                continue  # zero-width space, soft hyphen, direction marks
            if not character.isascii() and character.isdecimal():
                character = str(unicodedata.decimal(character))
            kept.append(character)
            positions.append(index)
        self.text = "".join(kept)
        self.positions = positions

    def original(self, finding: Finding) -> Finding:
        """The finding with its positions in the text as given."""
        if self.positions is None:
            return finding
        start = self.positions[finding.start]
        end = self.positions[finding.end - 1] + 1
        return Finding(finding.kind, start, end, finding.blocking)


# --- Messages and the validator ----------------------------------------------------------------


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


_MESSAGES = {
    PERSONNUMMER: _(
        "Remove the personal identity number at characters %(first)d–%(last)d: no personal data may be written here."
    ),
    SAMORDNINGSNUMMER: _(
        "Remove the coordination number at characters %(first)d–%(last)d: no personal data may be written here."
    ),
    POSSIBLE_IDENTITY_NUMBER: _(
        "Characters %(first)d–%(last)d look like a personal identity number with a typing error. Remove the "
        "number unless it is something else (e.g. a case number)."
    ),
    PHONE: _(
        "Characters %(first)d–%(last)d are a phone number, which may identify someone: remove it unless it is needed."
    ),
    EMAIL: _(
        "Characters %(first)d–%(last)d are an e-mail address, which may identify someone: remove it unless it "
        "is needed."
    ),
    ADDRESS: _(
        "Characters %(first)d–%(last)d are a street address, which may identify someone: remove it unless it is needed."
    ),
}


def describe(finding: Finding) -> str:
    """What to do about a finding and where, in the active language, without the text itself.

    Characters are counted from 1 for people ("characters 12–24"); the finding's own positions
    count from 0."""
    return str(_MESSAGES[finding.kind] % {"first": finding.start + 1, "last": finding.end})


def validate_no_identity_numbers(value: Any) -> None:
    """A Django validator: refuses text holding a personnummer or samordningsnummer.

    The messages name the kind and the characters, never the number. Warnings (phone numbers,
    addresses, ...) do not refuse: forms show them (core.forms.PersonalDataCheckMixin)."""
    if not isinstance(value, str) or not value:
        return
    blocking = [finding for finding in findings(value) if finding.blocking]
    if blocking:
        raise ValidationError([ValidationError(describe(finding), code="identity_number") for finding in blocking])
