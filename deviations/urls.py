from django.urls import URLPattern, path

from deviations.views import analysis, case, councils, report

app_name = "deviations"

urlpatterns: list[URLPattern] = [
    path("", report.index, name="index"),
    path("new/", report.report_new, name="new"),
    path("drafts/save/", report.draft_save, name="draft_save"),
    path("drafts/<uuid:draft>/", report.draft_resume, name="draft"),
    path("drafts/<uuid:draft>/discard/", report.draft_discard, name="draft_discard"),
    path("analysis/", analysis.analysis_page, name="analysis"),
    path("analysis.csv", analysis.analysis_csv, name="analysis_csv"),
    path("analysis.xlsx", analysis.analysis_xlsx, name="analysis_xlsx"),
    path("councils/", councils.council_list, name="councils"),
    path("councils/<uuid:council>/", councils.council_detail, name="council"),
    path("councils/<uuid:council>/agenda/", councils.council_agenda, name="agenda"),
    path("councils/<uuid:council>/seats/", councils.seat_add, name="seat_add"),
    path("councils/<uuid:council>/seats/<int:seat>/end/", councils.seat_end, name="seat_end"),
    path("councils/<uuid:council>/actions/new/", councils.action_new, name="action_new"),
    path("actions/<uuid:action>/", councils.action_edit, name="action"),
    path("<uuid:report>/", case.detail, name="detail"),
    path("<uuid:report>/answer/", case.answer, name="answer"),
    path("<uuid:report>/resolve/", case.resolve, name="resolve"),
    path("<uuid:report>/escalate/", case.escalate, name="escalate"),
    path("<uuid:report>/reopen/", case.reopen, name="reopen"),
    path("<uuid:report>/comment/", case.comment, name="comment"),
]
