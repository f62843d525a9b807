from django.urls import include, path

from sip import views

app_name = "sip"

# Every route with a `uuid` is behind the door (sip/apps.py: the kinds "sip", "sip_start",
# "sip_invitation" and their route prefixes): the URL walk in tests/access tries each.
urlpatterns = [
    path("", views.my_sips, name="my_sips"),
    path("new/<uuid:uuid>/", views.sip_start, name="start"),
    path("invitations/<uuid:uuid>/answer/", views.invitation_answer, name="invitation_answer"),
    path("<uuid:uuid>/", views.sip_detail, name="detail"),
    path("<uuid:uuid>/participants/unit/", views.participant_unit, name="participant_unit"),
    path("<uuid:uuid>/participants/external/", views.participant_external, name="participant_external"),
    path("<uuid:uuid>/participants/relative/", views.participant_relative, name="participant_relative"),
    path("<uuid:uuid>/participants/remove/", views.participant_remove, name="participant_remove"),
    path("<uuid:uuid>/meetings/new/", views.meeting_plan, name="meeting_plan"),
    path("<uuid:uuid>/meetings/record/", views.meeting_record, name="meeting_record"),
    path("<uuid:uuid>/plan/", views.plan_edit, name="plan_edit"),
    path("<uuid:uuid>/agree/", views.plan_agree, name="plan_agree"),
    path("<uuid:uuid>/confirm/", views.confirmation, name="confirmation"),
    path("<uuid:uuid>/follow-up/", views.follow_up, name="plan_follow_up"),
    path("<uuid:uuid>/close/", views.sip_close, name="close"),
    path("<uuid:uuid>/versions/", views.version_history, name="versions"),
    # The individual's copy (print view, PDF): sip/urls_output.py, in this namespace (no app_name there).
    path("", include("sip.urls_output")),
]
