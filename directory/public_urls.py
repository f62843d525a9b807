from django.urls import URLPattern

app_name = "directory_public"

urlpatterns: list[URLPattern] = []
