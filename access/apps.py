from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        # The door's own kinds (individuals, log extracts); other apps register theirs in their ready().
        from access import door  # noqa: F401
