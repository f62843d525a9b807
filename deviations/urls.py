from django.urls import URLPattern, path

from deviations.views import analysis, case, councils, report

app_name = "deviations"

urlpatterns: list[URLPattern] = [
    path("", report.index, name="index"),
    path("new/", report.report_new, name="new"),
    path("drafts/save/", report.draft_save, name="draft_save"),
    path("drafts/<uuid:draft>/", report.draft_resume, name="report_draft"),
    path("drafts/<uuid:draft>/discard/", report.draft_discard, name="report_draft_discard"),
    path("analysis/", analysis.analysis_page, name="analysis"),
    path("analysis.csv", analysis.analysis_csv, name="analysis_csv"),
    path("analysis.xlsx", analysis.analysis_xlsx, name="analysis_xlsx"),
    path("councils/", councils.council_list, name="councils"),
    path("councils/<uuid:council>/", councils.council_detail, name="council_detail"),
    path("councils/<uuid:council>/agenda/", councils.council_agenda, name="council_agenda"),
    path("councils/<uuid:council>/seats/", councils.seat_add, name="council_seat_add"),
    path("councils/<uuid:council>/seats/<int:seat_id>/end/", councils.seat_end, name="council_seat_end"),
    path("councils/<uuid:council>/actions/new/", councils.action_new, name="council_action_new"),
    path("actions/<uuid:action>/", councils.action_edit, name="council_action"),
    path("<uuid:report>/", case.detail, name="report_detail"),
    path("<uuid:report>/answer/", case.answer, name="report_answer"),
    path("<uuid:report>/resolve/", case.resolve, name="report_resolve"),
    path("<uuid:report>/escalate/", case.escalate, name="report_escalate"),
    path("<uuid:report>/reopen/", case.reopen, name="report_reopen"),
    path("<uuid:report>/comment/", case.comment, name="report_comment"),
]
