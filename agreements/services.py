"""Writes to agreements and the responsibility matrix. Keyword-only, atomic, validated with
full_clean(), each taking the actor and writing an administration entry to the audit log.

The duty to agree in writing: HSL 16 kap 3 § and SoL 5 kap 9 a § (addiction), SoL 5 kap 8 a §
and HSL 16 kap 2 § (psychiatric illness), and the county's own agreements besides."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from agreements import documents
from agreements.models import (
    AgreedResponsibility,
    Agreement,
    AgreementDocument,
    CollaborationBody,
    InterventionType,
    Provision,
)
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from organisations.models import Principal, PrincipalKind, Unit
from reminders.services import reminders_cancel_for


def _log(actor: Actor, action: Action, obj: object, **details: object) -> None:
    audit_record(actor=actor, action=action, ground=Ground.ADMINISTRATION, obj=obj, details=dict(details))


@transaction.atomic
def agreement_save(*, agreement: Agreement, parties: Iterable[Principal], actor: Actor) -> Agreement:
    """Create or change an agreement. An agreement binds at least two parties (principals)."""
    parties = list(parties)
    errors: dict[str, list[str]] = {}
    try:
        agreement.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not parties:
        errors.setdefault("parties", []).append(_("Choose the principals that are parties to the agreement."))
    elif len(parties) < 2:
        errors.setdefault("parties", []).append(_("An agreement has at least two parties: choose them all."))
    if errors:
        raise ValidationError(errors)
    created = agreement.pk is None
    agreement.save()
    agreement.parties.set(parties)
    _log(actor, Action.CREATE if created else Action.UPDATE, agreement)
    return agreement


@transaction.atomic
def agreement_follow_up_record(*, agreement: Agreement, on: datetime.date, actor: Actor) -> Agreement:
    """The annual follow-up is done: the next is due a year later, and its reminders are done with."""
    if on < agreement.adopted_on:
        raise ValidationError({"on": _("The follow-up cannot be before the agreement was adopted.")})
    agreement.followed_up_on = on
    agreement.revision_due = _a_year_after(on)
    agreement.full_clean()
    agreement.save(update_fields=["followed_up_on", "revision_due", "updated_at"])
    reminders_cancel_for(obj=agreement, actor=actor, kind="agreement_follow_up")
    _log(actor, Action.UPDATE, agreement, follow_up=on.isoformat())
    return agreement


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def agreement_document_add(
    *, agreement: Agreement, upload: UploadedFile, actor: Actor, max_bytes: int | None = None
) -> AgreementDocument:
    """Check the upload by its content, store it outside the web root, and record it; the file is
    removed again if the record cannot be saved (nothing half-stored)."""
    checked = documents.pdf_check(upload, max_bytes=max_bytes)
    stored = documents.document_write(checked)
    try:
        with transaction.atomic():
            document = AgreementDocument(
                agreement=agreement,
                stored_name=stored,
                original_name=_safe_name(upload.name or ""),
                size=len(checked.content),
                sha256=checked.sha256,
                pages=checked.pages,
                uploaded_by_id=actor.user_id,
            )
            document.full_clean()
            document.save()
            _log(actor, Action.CREATE, document, agreement=str(agreement.uuid))
    except BaseException:
        documents.document_remove(stored)
        raise
    return document


def _safe_name(name: str) -> str:
    """The uploader's file name, for display only: no path, no control characters, .pdf at the end."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:150] or "agreement"
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


@transaction.atomic
def body_add(*, body: CollaborationBody, actor: Actor) -> CollaborationBody:
    body.full_clean()
    body.save()
    _log(actor, Action.CREATE, body, agreement=str(body.agreement.uuid))
    return body


@transaction.atomic
def body_remove(*, body: CollaborationBody, actor: Actor) -> None:
    _log(actor, Action.UPDATE, body.agreement, removed_body=body.pk)
    body.delete()


@transaction.atomic
def responsibility_set(
    *, agreement: Agreement, intervention_type: InterventionType, responsible: str, note: str = "", actor: Actor
) -> AgreedResponsibility:
    """Say who is responsible for an intervention under the agreement (a new row, or a change)."""
    row = AgreedResponsibility.objects.filter(agreement=agreement, intervention_type=intervention_type).first()
    row = row or AgreedResponsibility(agreement=agreement, intervention_type=intervention_type)
    if not responsible:
        raise ValidationError({"responsible": _("Choose the responsible principal: region, municipality or joint.")})
    row.responsible = responsible
    row.note = note
    created = row.pk is None
    row.full_clean()
    row.save()
    _log(actor, Action.CREATE if created else Action.UPDATE, agreement, intervention=intervention_type.code,
         responsible=responsible)  # fmt: skip
    return row


@transaction.atomic
def responsibility_remove(*, row: AgreedResponsibility, actor: Actor) -> None:
    _log(actor, Action.UPDATE, row.agreement, removed_intervention=row.intervention_type.code)
    row.delete()


@transaction.atomic
def provision_set(
    *, responsibility: AgreedResponsibility, unit: Unit, municipalities: Iterable[Principal], actor: Actor
) -> list[Provision]:
    """The municipalities whose people ``unit`` provides the intervention to (replacing the unit's earlier ones)."""
    chosen = list(municipalities)
    if any(m.kind != PrincipalKind.MUNICIPALITY for m in chosen):
        raise ValidationError({"municipalities": _("Choose municipalities only.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("The unit is no longer active.")})
    Provision.objects.filter(responsibility=responsibility, unit=unit).exclude(municipality__in=chosen).delete()
    existing = set(
        Provision.objects.filter(responsibility=responsibility, unit=unit).values_list("municipality_id", flat=True)
    )
    created = Provision.objects.bulk_create(
        [Provision(responsibility=responsibility, unit=unit, municipality=m) for m in chosen if m.pk not in existing]
    )
    _log(actor, Action.UPDATE, responsibility.agreement, intervention=responsibility.intervention_type.code,
         unit=str(unit.uuid), municipalities=sorted(m.municipality_code for m in chosen))  # fmt: skip
    return created
