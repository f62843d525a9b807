from django.urls import path

from knowledge import public_views

app_name = "knowledge_public"

urlpatterns = [
    path("", public_views.page_list, name="list"),
    path("<slug:slug>/", public_views.page_detail, name="page"),
]
