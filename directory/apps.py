from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Where to turn")
    public_url_prefix = "hjalp/"  # core.urls mounts directory/public_urls.py here (no sign-in)

    def ready(self) -> None:
        from directory import signals

        signals.connect()
