from django.urls import URLPattern

app_name = "screening_public"

urlpatterns: list[URLPattern] = []
