"""Agreements for tests, made through the services (as the product makes them)."""

import datetime
import io
import zipfile
from typing import Any

from pypdf import PdfWriter

from agreements import services
from agreements.models import AgreedResponsibility, Agreement, InterventionType, Scope
from audit.services import Actor
from tests.personas import County

TODAY = datetime.date(2026, 1, 15)


def actor_of(county: County) -> Actor:
    return Actor.for_membership(county.analyst, county.analyst.active_memberships[0])


def make_agreement(county: County, **fields: Any) -> Agreement:
    values: dict[str, Any] = {
        "title": "Överenskommelse om samverkan inom missbruks- och beroendevården",
        "scope": Scope.ADDICTION,
        "adopted_on": datetime.date(2024, 2, 19),
        "valid_from": datetime.date(2024, 3, 1),
        "valid_to": None,
        "revision_due": None,
    }
    values.update(fields)
    return services.agreement_save(
        agreement=Agreement(**values), parties=[county.region, county.sundsvall, county.harnosand],
        actor=actor_of(county),
    )  # fmt: skip


def make_row(county: County, agreement: Agreement, code: str = "withdrawal-treatment",
             responsible: str = "region") -> AgreedResponsibility:  # fmt: skip
    return services.responsibility_set(agreement=agreement, intervention_type=InterventionType.objects.get(code=code),
                                       responsible=responsible, actor=actor_of(county))  # fmt: skip


def real_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


DISGUISED = {
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>\n%%EOF",
    "zip": zip_bytes(),
    "exe": b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode.%%EOF",
    "header_then_garbage": b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
    "html_with_pdf_header_inside": b"<html>%PDF-1.4 " + b"x" * 50 + b"</html>%%EOF",
    "truncated_pdf": real_pdf()[:-200] + b"%%EOF",
    "empty_pdf_shell": b"%PDF-1.4\n%%EOF\n",
}
