from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access.policy import log_review_membership, log_review_required, log_review_unit_ids
from accounts import selectors
from audit.models import Action, Ground
from audit.services import Actor, audit_record

PAGE_SIZE = 50


@require_GET
@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")


@require_GET
@log_review_required
def account_changes(request: HttpRequest) -> HttpResponse:
    """Log review: changes to the accounts and memberships of the staff at the manager's units."""
    entries = selectors.account_changes(unit_ids=log_review_unit_ids(request.user))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=Actor.for_membership(request.user, log_review_membership(request)),
        action=Action.LOG_REVIEW,
        ground=Ground.MANAGEMENT,
        details={"page": "account_changes", "page_number": page.number},
    )
    rows = selectors.describe(list(page.object_list))
    return render(request, "accounts/account_changes.html", {"page": page, "rows": rows})
