from django.utils.translation import gettext_lazy as _

from core.menu import register
from screening.version_views import can_manage_instruments

# The county administrator and the analyst keep the instruments' versions (screening/version_views.py).
register(
    "instrument_versions", _("Instrument versions"), "screening:version_list", order=85, visible=can_manage_instruments
)
