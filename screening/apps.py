from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening and assessment")
    url_prefix = "screening/"  # core.urls mounts screening/urls.py here
    public_url_prefix = "hjalp/sjalvtest/"  # core.urls mounts screening/public_urls.py here (no sign-in)

    def ready(self) -> None:
        from screening import care_setup

        care_setup.ready()  # the care records: door kinds, merge registry, reminder kinds
