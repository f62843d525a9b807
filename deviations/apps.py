from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "deviations"
    verbose_name = _("Collaboration deficiencies")
    url_prefix = "deviations/"  # core.urls mounts deviations/urls.py here

    def ready(self) -> None:
        from core import home_panels, periodic
        from deviations.panel import panel_context
        from deviations.services import steps_flag_overdue
        from reminders import kinds

        # Reminders carry the case's reference only (e.g. SB-000042), never what the report says.
        kinds.register(
            "deviation_step",
            label=_("Deficiency report waiting for you"),
            message=_("Deficiency report %(reference)s is waiting for your answer or decision."),
        )
        kinds.register(
            "deviation_overdue",
            label=_("Deficiency report overdue"),
            message=_("The deadline for deficiency report %(reference)s has passed."),
        )
        kinds.register(
            "deviation_update",
            label=_("Your deficiency report has moved on"),
            message=_("Deficiency report %(reference)s has a new step: open it to see what happened."),
        )
        periodic.register("deviations_overdue", steps_flag_overdue)
        home_panels.register("deviations", template="deviations/home_panel.html", context=panel_context, order=20)
