from django.urls import path

from screening import public_views

app_name = "screening_public"

# /hjalp/sjalvtest/ is linked from the public guide (/hjalp/): keep the index's path.
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:code>/", public_views.self_test, name="self_test"),
]
