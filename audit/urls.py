from django.urls import path

from audit import views

urlpatterns = [
    path("review/", views.review, name="log_review"),
    path("review/mark/", views.review_mark, name="log_review_mark"),
    path("extract/", views.extract_find, name="log_extract_find"),
    path("extract/<uuid:uuid>/", views.extract, name="log_extract"),
    path("extract/<uuid:uuid>/pdf/", views.extract_pdf, name="log_extract_pdf"),
    path("extract/<uuid:uuid>/assessment/", views.extract_assessment, name="log_extract_assessment"),
]
