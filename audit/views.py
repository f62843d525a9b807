"""Log review (logguppföljning) for unit managers, and the individual's log extract (PDL 8 kap 5 §).

Every view is for managers only (access.policy.log_review_required); every visit is itself logged.
The review shows individuals by an opaque reference, not by name: judging whether an access was
justified needs the ground and the unit, and the names stay behind the (logged) extract.
"""

import datetime
import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.door import door_log, find_by_number
from access.models import SecrecyAssessment
from access.policy import (
    log_extract_for_request,
    log_review_membership,
    log_review_required,
    log_review_unit_ids,
    typed_user,
)
from access.services import secrecy_assessment_record
from audit import selectors
from audit.forms import ExtractFindForm, ReviewFilterForm, ReviewMarkForm, SecrecyAssessmentForm
from audit.models import Action, AuditEntry, AuditReview, Ground, Outcome
from audit.pdf import pdf_from_html
from audit.services import LISTED, Actor, audit_record
from individuals.models import Individual
from organisations.roles import Role

PAGE_SIZE = 50
# A secrecy assessment covers the hand-out it was made for, not later ones.
ASSESSMENT_VALID_FOR = datetime.timedelta(hours=24)
EXTRACT_PURPOSE = "log_extract"


@require_GET
@log_review_required
def review(request: HttpRequest) -> HttpResponse:
    unit_ids = log_review_unit_ids(request.user)
    # Always bound: every filter is optional, and the period has a default.
    form = ReviewFilterForm(request.GET, unit_ids=unit_ids)
    if not form.is_valid():
        return render(request, "audit/review.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data
    if filters.get("sample") and filters.get("seed") is None:
        # Fix the seed in the address, so the same sample can be shown again and documented.
        query = request.GET.copy()
        query["seed"] = str(secrets.randbelow(2**31))
        return redirect(f"{reverse('log_review')}?{query.urlencode()}")
    individual = _filter_individual(filters.get("individual"))
    if filters.get("individual") is not None:
        filters["individual_ids"] = selectors.record_ids(individual) if individual else []
    entries = selectors.review_entries(unit_ids=unit_ids, filters=filters)
    if filters.get("sample"):
        entries = selectors.review_sample(entries, size=filters["sample"], seed=filters["seed"])
    # Logged before the page is counted, so the count and the rows shown agree.
    audit_record(
        actor=_manager(request),
        action=Action.LOG_REVIEW,
        ground=Ground.MANAGEMENT,
        individual_id=individual.pk if individual else None,
        details=_filter_details(filters),
    )
    page = Paginator(selectors.review_page_rows(entries), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    refs = selectors.individual_refs(rows)
    for row in rows:
        row.individual_uuid = refs.get(row.individual_id or 0, "")  # type: ignore[attr-defined]
        row.listed_count = len(row.details.get(LISTED, {}))  # type: ignore[attr-defined]
        row.role_label = Role(row.role).label if row.role in Role.values else row.role  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "individual": individual,
        "mark_form": ReviewMarkForm(entry_ids=[]),
    }
    return render(request, "audit/review.html", context)


def _manager(request: HttpRequest) -> Actor:
    """The review is the manager's duty: logged through the manager's membership, not the session's."""
    return Actor.for_membership(request.user, log_review_membership(request))


def _filter_individual(uuid: Any) -> Individual | None:
    if uuid is None:
        return None
    return Individual.objects.filter(uuid=uuid, merged_into__isnull=True).first()


def _filter_details(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters as the log keeps them: ids and codes only."""
    user = filters.get("user")
    return {
        "date_from": filters["date_from"].isoformat(),
        "date_to": filters["date_to"].isoformat(),
        "user_id": user.pk if user else None,
        "ground": filters.get("ground") or "",
        "outcome": filters.get("outcome") or "",
        "sample": filters.get("sample"),
        "seed": filters.get("seed"),
    }


@require_POST
@log_review_required
def review_mark(request: HttpRequest) -> HttpResponse:
    unit_ids = log_review_unit_ids(request.user)
    requested = [int(v) for v in request.POST.getlist("entries") if v.isdigit()][: PAGE_SIZE * 2]
    allowed = list(
        AuditEntry.objects.filter(selectors.ABOUT_INDIVIDUALS, id__in=requested, unit_id__in=unit_ids).values_list(
            "id", flat=True
        )
    )
    form = ReviewMarkForm(request.POST, entry_ids=allowed)
    back = _review_url(request.POST.get("query", ""))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    reviewer = typed_user(request)
    ids = form.cleaned_data["entries"]
    comment = form.cleaned_data["comment"]
    AuditReview.objects.bulk_create(
        [AuditReview(entry_id=i, reviewer=reviewer, comment=comment) for i in ids], ignore_conflicts=True
    )
    audit_record(
        actor=_manager(request),
        action=Action.LOG_REVIEW,
        ground=Ground.MANAGEMENT,
        object_type="audit.auditreview",
        details={"reviewed_entry_ids": sorted(ids), "with_comment": bool(comment.strip())},
    )
    messages.success(request, _("%(n)d entries marked as reviewed.") % {"n": len(ids)})
    return redirect(back)


def _review_url(query: str) -> str:
    """Back to the same filtered review; only the review's own parameters are carried over."""
    kept = QueryDict(query[:2000])
    keys = set(ReviewFilterForm.base_fields) | {"page"}
    pairs = [(k, v) for k in kept for v in kept.getlist(k) if k in keys]
    return f"{reverse('log_review')}?{urlencode(pairs)}" if pairs else reverse("log_review")


@require_http_methods(["GET", "POST"])
@log_review_required
def extract_find(request: HttpRequest) -> HttpResponse:
    """By exact number, in a POST; someone not at the manager's units looks like someone unknown."""
    form = ExtractFindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = find_by_number(request, "log_extract", form.cleaned_data["number"],
                               details={"purpose": EXTRACT_PURPOSE})  # fmt: skip
        if grant is not None:
            return redirect("log_extract", uuid=grant.individual.uuid)
        form.add_error(
            "number",
            _("No individual with this number is or has been at your units. Check the number."),
        )
    status = 400 if form.errors else 200
    return render(request, "audit/extract_find.html", {"form": form}, status=status)


def _assessment(individual: Individual) -> SecrecyAssessment | None:
    """The latest secrecy assessment for a hand-out of the extract, if recent enough to count."""
    since = timezone.now() - ASSESSMENT_VALID_FOR
    return (
        SecrecyAssessment.objects.filter(individual=individual, purpose=EXTRACT_PURPOSE, created_at__gte=since)
        .order_by("-created_at")
        .first()
    )


def _extract_context(individual: Individual) -> dict[str, Any]:
    rows = selectors.extract_rows(individual=individual)
    for row in rows:
        row["action_label"] = Action(row["action"]).label
        row["ground_label"] = Ground(row["ground"]).label
    return {"individual": individual, "rows": rows, "produced_at": timezone.now()}


@require_GET
@login_required  # the door below refuses (404) and logs everyone else
def extract(request: HttpRequest, uuid: str) -> HttpResponse:
    individual = log_extract_for_request(request, uuid).individual
    context = _extract_context(individual)
    assessment = _assessment(individual) if individual.protected_identity else None
    context.update(assessment=assessment, assessment_form=SecrecyAssessmentForm())
    return render(request, "audit/extract.html", context)


@require_GET
@login_required  # the door below refuses (404) and logs everyone else
def extract_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    individual = log_extract_for_request(request, uuid, action=Action.EXPORT).individual
    if individual.protected_identity:
        assessment = _assessment(individual)
        if assessment is None or not assessment.disclosure_allowed:
            messages.error(
                request,
                _(
                    "The individual has a protected identity: record a secrecy assessment that allows "
                    "the extract to be handed out before you print it."
                ),
            )
            return redirect("log_extract", uuid=individual.uuid)
    html = render_to_string("audit/extract_pdf.html", _extract_context(individual), request=request)
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    name = f"loggutdrag-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required  # the door below refuses (404) and logs everyone else
def extract_assessment(request: HttpRequest, uuid: str) -> HttpResponse:
    # Logged below, once it is known whether the assessment was recorded (never an update that was not).
    grant = log_extract_for_request(request, uuid, action=Action.UPDATE, log=False)
    individual = grant.individual
    form = SecrecyAssessmentForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            secrecy_assessment_record(
                individual=individual,
                user=typed_user(request),
                purpose=EXTRACT_PURPOSE,
                disclosure_allowed=form.cleaned_data["disclosure_allowed"],
                reasoning=form.cleaned_data["reasoning"],
                actor=Actor.for_grant(request, grant),
                ground=Ground.MANAGEMENT,
            )
            door_log(request, grant, action=Action.UPDATE)
        messages.success(request, _("The secrecy assessment is recorded."))
        return redirect("log_extract", uuid=individual.uuid)
    door_log(request, grant, action=Action.UPDATE, outcome=Outcome.DENIED, details={"invalid": True})
    context = _extract_context(individual)
    context.update(assessment=_assessment(individual), assessment_form=form)
    return render(request, "audit/extract.html", context, status=400)
