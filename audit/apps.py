from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")
    url_prefix = "audit/"  # core.urls mounts audit/urls.py here

    def ready(self) -> None:
        from audit import checks, signals  # noqa: F401
        from audit.management.commands.audit_checkpoint import checkpoint_job
        from audit.sequencer import audit_chain_pending
        from core import periodic

        # Sorted by name, so chaining runs before the checkpoint in the same `manage.py periodic`.
        periodic.register("audit_chain", lambda: f"{audit_chain_pending(full=True)} entries chained")
        periodic.register("audit_checkpoint", checkpoint_job)
