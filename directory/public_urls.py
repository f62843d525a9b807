from django.urls import path

from directory import views

app_name = "directory_public"

urlpatterns = [
    path("", views.guide, name="guide"),
]
