"""The individual's copy (sip/output.py), included from sip/urls.py without an app_name of its own,
so that its names join the "sip" namespace (sip:print, sip:pdf). Both routes start with
"<uuid:uuid>/" under sip/, the door kind "sip"'s route prefix: the URL walk tries them too."""

from django.urls import path

from sip import output

urlpatterns = [
    path("<uuid:uuid>/print/", output.sip_print, name="print"),
    path("<uuid:uuid>/pdf/", output.sip_pdf, name="pdf"),
]
