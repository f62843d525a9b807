from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.page_list, name="list"),
    path("new/", views.page_create, name="create"),
    path("<slug:slug>/", views.page_detail, name="page"),
    path("<slug:slug>/edit/", views.page_edit, name="edit"),
    path("<slug:slug>/changes/", views.version_diff, name="diff"),
    path("<slug:slug>/versions/<int:version_id>/", views.version_detail, name="version"),
]
