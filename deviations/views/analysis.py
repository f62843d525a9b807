"""The analysis page (issue 11 §5) and its CSV and XLSX exports."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access.policy import deviation_analysis_allowed, staff_required
from deviations import export
from deviations.analysis import SUPPRESS_BELOW, Period, analysis
from deviations.forms import AnalysisFilter
from deviations.selectors import scope_for


def _period(request: HttpRequest) -> tuple[AnalysisFilter, Period]:
    form = AnalysisFilter(request.GET or None)
    default = Period.default()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, Period(data["since"] or default.since, data["until"] or default.until, data["agreement"] or "")
    return form, default


def _allowed(request: HttpRequest) -> bool:
    scope = scope_for(request.user)
    if not deviation_analysis_allowed(scope):
        raise Http404
    return scope.exact_counts


@staff_required
@require_GET
def analysis_page(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    form, period = _period(request)
    context = {"form": form, "period": period, "exact": exact, "suppress_below": SUPPRESS_BELOW,
               **analysis(period, exact=exact)}  # fmt: skip
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "deviations/analysis.html", context, status=status)


@staff_required
@require_GET
def analysis_csv(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    _form, period = _period(request)
    return export.as_csv(analysis(period, exact=exact), period)


@staff_required
@require_GET
def analysis_xlsx(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    _form, period = _period(request)
    return export.as_xlsx(analysis(period, exact=exact), period)
