"""What the guide adds to a unit: its opening hours as weekly periods (derived from the unit's own
text, directory.hours) and how to get there."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningPeriod(models.Model):
    """The unit is open on ``weekday`` from ``opens`` until ``closes`` (00:00 = until midnight),
    in Stockholm time. Rows are derived from Unit.opening_hours (directory.signals)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="opening_periods", verbose_name=_("unit"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")
        ordering = ["unit", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_period_weekday"),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")) | Q(closes="00:00"), name="opening_period_closes_after_opening"
            ),
            models.UniqueConstraint(fields=["unit", "weekday", "opens"], name="opening_period_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class UnitDirections(models.Model):
    """How to get to a unit: bus, entrance, accessibility. Plain text, public."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="directions", verbose_name=_("unit"))
    text = models.TextField(_("how to get there"), max_length=1000)

    class Meta:
        verbose_name = _("directions")
        verbose_name_plural = _("directions")

    def __str__(self) -> str:
        return str(self.unit)
