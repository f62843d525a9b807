"""The product's URLs plus the benchmark's floor page (only with SAMVERKAN_BENCH=1)."""

from django.urls import path

from bench.views import floor
from samverkan.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bench/floor", floor, name="bench_floor"), *product_urlpatterns]
