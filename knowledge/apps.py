from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")
    url_prefix = "knowledge/"  # core.urls mounts knowledge/urls.py here
    public_url_prefix = "hjalp/kunskap/"  # core.urls mounts knowledge/public_urls.py here (no sign-in)
