from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndividualsConfig(AppConfig):
    name = "individuals"
    verbose_name = _("Individuals")
    url_prefix = "individuals/"  # core.urls mounts individuals/urls.py here

    def ready(self) -> None:
        # How a merge of two records moves each model that points at an individual.
        from individuals import merge

        merge.register_defaults()
