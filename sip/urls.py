from django.urls import URLPattern

app_name = "sip"

urlpatterns: list[URLPattern] = []
