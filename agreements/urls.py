from django.urls import path

from agreements.views import agreements, matrix

app_name = "agreements"

urlpatterns = [
    path("", agreements.agreement_list, name="agreement_list"),
    path("new/", agreements.agreement_create, name="agreement_create"),
    path("matrix/", matrix.matrix, name="matrix"),
    path("matrix/who/", matrix.who_does, name="who_does"),
    path("documents/<uuid:document_uuid>/", agreements.document_download, name="document_download"),
    path("<uuid:uuid>/", agreements.agreement_detail, name="agreement_detail"),
    path("<uuid:uuid>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("<uuid:uuid>/documents/new/", agreements.document_upload, name="document_upload"),
    path("<uuid:uuid>/bodies/new/", agreements.body_add, name="body_add"),
    path("<uuid:uuid>/bodies/<int:body_id>/remove/", agreements.body_remove, name="body_remove"),
    path("<uuid:uuid>/follow-up/", agreements.follow_up, name="follow_up"),
    path("<uuid:uuid>/responsibilities/", matrix.responsibilities, name="responsibilities"),
]
