from django.urls import path

from individuals.views import detail, finding, merge

urlpatterns = [
    path("", finding.my_individuals, name="my_individuals"),
    path("find/", finding.individual_find, name="individual_find"),
    path("register/", finding.individual_register, name="individual_register"),
    path("take-on/", finding.individual_take_on, name="individual_take_on"),
    path("emergency/", finding.emergency_access, name="emergency_access"),
    path("<uuid:uuid>/", detail.individual_detail, name="individual_detail"),
    path("<uuid:uuid>/relations/open/", detail.relation_open, name="relation_open"),
    path("<uuid:uuid>/relations/<int:relation_id>/close/", detail.relation_close, name="relation_close"),
    path("<uuid:uuid>/consents/new/", detail.consent_create, name="consent_create"),
    path("<uuid:uuid>/consents/<uuid:consent_uuid>/withdraw/", detail.consent_withdraw, name="consent_withdraw"),
    path("<uuid:uuid>/relatives/new/", detail.relative_create, name="relative_create"),
    path("<uuid:uuid>/children/new/", detail.child_create, name="child_create"),
    path("<uuid:uuid>/identity/", detail.identity_change, name="identity_change"),
    path("<uuid:uuid>/merge/", merge.merge_start, name="merge_start"),
    path("<uuid:uuid>/merges/<uuid:merge_uuid>/undo/", merge.merge_undo, name="merge_undo"),
    path("<uuid:uuid>/blocks/new/", detail.block_create, name="block_create"),
    path("<uuid:uuid>/disclosures/new/", detail.disclosure_create, name="disclosure_create"),
    path("<uuid:uuid>/blocks/<int:block_id>/lift/", detail.block_lift, name="block_lift"),
    path("<uuid:uuid>/protection/", detail.protection_edit, name="protection_edit"),
]
