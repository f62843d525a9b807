from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")
    url_prefix = "agreements/"  # core.urls mounts agreements/urls.py here

    def ready(self) -> None:
        from agreements.panel import panel_context, unit_section_context
        from agreements.reminding import agreements_remind, kinds_register
        from core import home_panels, periodic
        from organisations import unit_sections

        kinds_register()
        # Named to run before "reminders" (jobs run by name), which sends what this scheduled.
        periodic.register("agreements", agreements_remind)
        home_panels.register("agreements", template="agreements/home_panel.html", context=panel_context, order=20)
        unit_sections.register("offers", template="agreements/unit_offers.html", context=unit_section_context,
                               order=10)  # fmt: skip
