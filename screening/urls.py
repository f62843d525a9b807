"""Staff pages of screening under /screening/ (the public self-test is in public_urls.py)."""

from django.urls import path

from screening import care_views, version_views

app_name = "screening"

urlpatterns = [
    path("give/<uuid:uuid>/", care_views.give_choose, name="give_choose"),
    path("give/<uuid:uuid>/<slug:code>/", care_views.give_form, name="give"),
    path("checklist/<uuid:uuid>/<slug:system>/", care_views.checklist_form, name="checklist"),
    path("interview/<uuid:uuid>/<slug:instrument>/", care_views.interview_form, name="interview"),
    path("individual/<uuid:uuid>/results/<slug:code>/", care_views.results_list, name="results"),
    path("results/<uuid:uuid>/", care_views.result_detail, name="result"),
    path("results/<uuid:uuid>/advice/", care_views.result_advice, name="result_advice"),
    path("results/<uuid:uuid>/cite/", care_views.result_cite, name="result_cite"),
    path("coverage/", care_views.coverage_page, name="coverage"),
    # Instrument versions (county administrator, analyst): no route parameters (screening/version_views.py).
    path("instruments/", version_views.version_list, name="version_list"),
    path("instruments/new/", version_views.version_new, name="version_new"),
    path("instruments/current/", version_views.version_make_current, name="version_make_current"),
]
