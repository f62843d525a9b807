"""The product's URLs and one test page with a form that uses the live personal-data check
(core/_text_check.html), for the browser test (tests/browser/test_text_check.py)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from access.policy import staff_required
from core.forms import PersonalDataCheckMixin
from samverkan.urls import urlpatterns as product_urlpatterns

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}
<h1>Test</h1>
{% include "core/error_summary.html" %}
<form method="post" novalidate class="stacked-form">{% csrf_token %}
  <div>
    <label for="{{ form.description.id_for_label }}">Vad hände</label>
    {{ form.description }}
    {{ form.description.errors }}
    {% include "core/_text_check.html" with field=form.description %}
  </div>
  <button type="submit">Spara</button>
</form>
{% if saved %}<p id="saved">Sparat</p>{% endif %}
{% endblock %}"""
)


class _Form(PersonalDataCheckMixin, forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"aria-describedby": "id_description-findings"}))


@staff_required
def _page(request: HttpRequest) -> HttpResponse:
    form = _Form(request.POST or None)
    saved = request.method == "POST" and form.is_valid()
    return HttpResponse(PAGE.render({"form": form, "saved": saved}, request))


urlpatterns = [*product_urlpatterns, path("test-text-check/", _page)]
