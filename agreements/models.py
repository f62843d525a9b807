from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Responsibility(models.TextChoices):
    """Which principal is responsible for an intervention (seed 004, 1.3)."""

    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    JOINT = "joint", _("Joint")


class InterventionType(models.Model):
    """The county's one list of interventions (insatser).

    SIP interventions, the responsibility matrix, the guide and statistics all use these codes.
    The names are data (a county adds its own types), so each carries both languages.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    responsibility = models.CharField(
        _("responsible principal"), max_length=20, choices=Responsibility.choices,
        help_text=_("The principal responsible unless an agreement says otherwise."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv
