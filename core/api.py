"""POST /api/v1/text-check: the personal-data detector (core.personal_data) for the forms' live
check and for other systems; a fixed contract (issue 11, item 2).

The text is never logged or stored: nothing here writes it anywhere, errors name the field and
the limit but never echo the value, and the API's error handlers (api/errors.py) log a path at
most. The operation is for signed-in staff (the default session auth, CSRF token on writes).
"""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from core import personal_data

router = Router(tags=["text check"])

Kind = Literal["personnummer", "samordningsnummer", "possible_identity_number", "phone", "email", "address"]


class TextIn(Schema):
    text: str = Field(
        max_length=personal_data.MAX_TEXT_LENGTH,
        description=f"The text to check, at most {personal_data.MAX_TEXT_LENGTH} characters. It is not stored.",
        examples=["Ärendet gäller 19121212-1212, tel 070-123 45 67."],
    )


class FindingOut(Schema):
    kind: Kind = Field(
        description="personnummer and samordningsnummer: a real date of birth (day + 60 for a "
        "samordningsnummer) and a right check digit, in any common writing (blocking); "
        "possible_identity_number: date-shaped but the check digit is wrong; phone, email, address "
        "(an exact street address): may identify someone."
    )
    start: int = Field(description="Index of the first character (0-based, Unicode code points).", examples=[15])
    end: int = Field(description="Index after the last character (exclusive).", examples=[28])
    blocking: bool = Field(description="True for a valid personnummer or samordningsnummer: remove it.")


class TextCheckOut(Schema):
    ok: bool = Field(description="False exactly when a finding is blocking.")
    findings: list[FindingOut] = Field(description="What was found, in the order it appears in the text.")


@router.post(
    "/text-check",
    response=TextCheckOut,
    summary="Check a text for personal data",
    operation_id="text_check",
)
def text_check(request: HttpRequest, payload: TextIn) -> dict:
    """Finds personal identity numbers and coordination numbers (blocking) and what else may
    identify someone (warnings) in a text, by Skatteverket's rules. Dates, date ranges, case
    numbers, amounts and phone numbers are not identity numbers. For signed-in staff; the text is
    neither logged nor stored."""
    found = personal_data.findings(payload.text)
    return {
        "ok": not any(finding.blocking for finding in found),
        "findings": [finding.as_dict() for finding in found],
    }
