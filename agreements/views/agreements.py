"""Agreements: every member of staff reads them; the process leader and the county administrator
keep them (access.policy.can_edit_agreements)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import agreements_editor_required, can_edit_agreements, staff_required
from agreements import documents, selectors, services
from agreements.forms import AgreementForm, BodyForm, DocumentForm, FollowUpForm
from agreements.models import Agreement, AgreementDocument, CollaborationBody
from audit.services import Actor
from core.forms import errors_onto


def _posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """The form's data when posted, even empty (an empty POST is bound and shows what is missing)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def agreement_or_404(uuid: Any) -> Agreement:
    try:
        return selectors.agreement_get(uuid=uuid)
    except Agreement.DoesNotExist:
        raise Http404 from None


@require_GET
@staff_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(a, a.in_force(today)) for a in selectors.agreements_list()]
    return render(request, "agreements/agreement_list.html",
                  {"rows": rows, "can_edit": can_edit_agreements(request.user)})  # fmt: skip


@require_GET
@staff_required
def agreement_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    agreement = agreement_or_404(uuid)
    today = timezone.localdate()
    context = {
        "agreement": agreement,
        "in_force": agreement.in_force(today),
        "expires_soon": selectors.expires_soon(agreement, today),
        "follow_up_due": selectors.follow_up_due(agreement, today),
        "can_edit": can_edit_agreements(request.user),
    }
    return render(request, "agreements/agreement_detail.html", context)


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request, Agreement())


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def agreement_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _agreement_form(request, agreement_or_404(uuid))


def _agreement_form(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    form = AgreementForm(_posted(request)[0], instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save(
                agreement=form.save(commit=False), parties=form.cleaned_data["parties"],
                actor=Actor.from_request(request),
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement}, status=status)


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def document_upload(request: HttpRequest, uuid: Any) -> HttpResponse:
    agreement = agreement_or_404(uuid)
    form = DocumentForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_document_add(
                agreement=agreement, upload=form.cleaned_data["document"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The signed agreement is stored."))
            return redirect(agreement)
    status = 400 if form.errors else 200
    return render(request, "agreements/document_form.html", {"form": form, "agreement": agreement}, status=status)


@require_GET
@staff_required
def document_download(request: HttpRequest, document_uuid: Any) -> FileResponse:
    """The signed PDF, to staff only, from outside the web root; as a download under a name of
    ours, so that no browser renders it in the product's origin."""
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), uuid=document_uuid)
    try:
        handle = open(documents.document_path(document.stored_name), "rb")  # noqa: SIM115 (FileResponse closes it)
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=f"agreement-{document.uuid}.pdf",
                            content_type="application/pdf")  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def body_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    agreement = agreement_or_404(uuid)
    form = BodyForm(_posted(request)[0], instance=CollaborationBody(agreement=agreement))
    if request.method == "POST" and form.is_valid():
        try:
            services.body_add(body=form.save(commit=False), actor=Actor.from_request(request))
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect(agreement)
    status = 400 if form.errors else 200
    return render(request, "agreements/body_form.html", {"form": form, "agreement": agreement}, status=status)


@require_POST
@agreements_editor_required
def body_remove(request: HttpRequest, uuid: Any, body_id: int) -> HttpResponse:
    agreement = agreement_or_404(uuid)
    body = get_object_or_404(CollaborationBody, pk=body_id, agreement=agreement)
    services.body_remove(body=body, actor=Actor.from_request(request))
    return redirect(agreement)


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def follow_up(request: HttpRequest, uuid: Any) -> HttpResponse:
    agreement = agreement_or_404(uuid)
    form = FollowUpForm(_posted(request)[0], initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_follow_up_record(
                agreement=agreement, on=form.cleaned_data["on"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The follow-up is recorded; the next is due in a year."))
            return redirect(agreement)
    status = 400 if form.errors else 200
    return render(request, "agreements/follow_up_form.html", {"form": form, "agreement": agreement}, status=status)
