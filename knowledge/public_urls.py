from django.urls import URLPattern

app_name = "knowledge_public"

urlpatterns: list[URLPattern] = []
