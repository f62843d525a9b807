from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit


class Action(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Change")
    PRINT = "print", _("Print")
    EXPORT = "export", _("Export")
    DISCLOSE = "disclose", _("Disclosure")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    ROLE_CHANGE = "role_change", _("Role or permission change")
    LOG_REVIEW = "log_review", _("Log review")
    LOG_EXTRACT = "log_extract", _("Log extract")


class Ground(models.TextChoices):
    """What allowed (or would have allowed) the access."""

    RELATION = "relation", _("Active relation")
    SIP_CONSENT = "sip_consent", _("SIP with consent")
    EMERGENCY = "emergency", _("Emergency access")
    REGISTRATION = "registration", _("Taking on the individual")
    MANAGEMENT = "management", _("Manager's duty")
    ADMINISTRATION = "administration", _("Administration")
    OWN_ACCOUNT = "own_account", _("Own account")
    NONE = "none", _("None")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class AuditEntry(models.Model):
    """One append-only entry of the tamper-evident log (HSLF-FS 2016:40 4 kap 9 §).

    Holds who, where, when, what and on which ground, never the data itself. Each entry carries
    an HMAC of its fields under the key named by key_id (audit.chain); the sequencer chains it
    afterwards (AuditLink). PostgreSQL refuses UPDATE and DELETE (migration 0006), and the
    application's role may only INSERT and SELECT (manage.py audit_db_roles).
    Kept at least five years: nothing in the product deletes entries.
    """

    # Few indexes on purpose: every read of an individual's data writes here (see Meta).
    at = models.DateTimeField(_("time (UTC)"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # The internal id, not a foreign key: the log outlives any change to the individual's record.
    individual_id = models.BigIntegerField(_("individual"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices, default=Ground.NONE)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    details = models.JSONField(_("details"), default=dict, blank=True)
    key_id = models.CharField(max_length=16)
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # The individual's extract and the manager's review (by unit and period) are the reads;
        # the walk of the chain goes by id. The MAC is unique, so that a copy of an entry cannot
        # be inserted again (as a constraint, which on PostgreSQL spares the second (pattern)
        # index that unique=True adds to a CharField).
        indexes = [
            models.Index(fields=["individual_id", "at"], name="audit_individual_at"),
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
            # The managers' "Account changes" (accounts.selectors) finds account and membership
            # changes by object; partial, so the reads that make up most of the log pay nothing.
            models.Index(
                fields=["object_type", "object_id"], name="audit_account_changes", condition=Q(action="role_change")
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["mac"], name="audit_entry_mac_unique")]


class AuditLink(models.Model):
    """Link ``seq`` of the chain: places one entry after the one before (audit.sequencer).

    Written only by the sequencer, one at a time in order; append-only like the entries. The
    primary key is the position, so two sequencers could never both write the same one."""

    seq = models.BigIntegerField(primary_key=True)
    entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, related_name="link")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)


class AuditReview(models.Model):
    """A manager's review mark on an entry (logguppföljning); the entry itself never changes."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "reviewer"], name="audit_review_once_per_reviewer")]
