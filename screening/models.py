"""Instruments and their versions.

An InstrumentVersion holds the whole definition as JSON (screening/definition.py reads it). A
stored result (built on top of this app) points at the version it was scored with, with PROTECT,
and keeps the answers and the scoring output: a new version never changes an old result, and a
version that results point at can neither change its definition nor be deleted.
"""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from screening.definition import Definition, DefinitionError, parse
from screening.loader import in_use


class Instrument(models.Model):
    """AUDIT, AUDIT-C, DUDIT, PGSI: the stable identity that versions and results hang on."""

    code = models.SlugField(_("code"), max_length=30, unique=True, help_text=_("As in the API, e.g. audit-c."))
    short_name = models.CharField(_("short name"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    public_self_test = models.BooleanField(
        _("offered as a public self-test"), default=False, help_text=_("Listed at /hjalp/sjalvtest/.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.short_name

    def current_version(self) -> "InstrumentVersion | None":
        return self.versions.filter(is_current=True).first()


class InstrumentVersion(models.Model):
    """One version of an instrument's definition; the current one scores new answers."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    definition = models.JSONField(_("definition"), help_text=_("The whole definition (screening/definition.py)."))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("New answers are scored with the current version.")
    )
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__order", "instrument__code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "version"], name="screening_version_unique"),
            models.UniqueConstraint(
                fields=["instrument"], condition=Q(is_current=True), name="screening_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.short_name} {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The model's own guard, whatever the caller (admin, shell, loader): a used definition is frozen.
        if self.pk is not None and self.definition_changed() and self.in_use():
            raise ValidationError(_("Results have been scored with this version: add a new version instead."))
        self.__dict__.pop("parsed", None)
        super().save(*args, **kwargs)

    @cached_property
    def parsed(self) -> Definition:
        return parse(self.definition)

    def clean(self) -> None:
        try:
            definition = parse(self.definition)
        except DefinitionError as exc:
            raise ValidationError({"definition": exc.problems}) from exc
        if self.instrument_id is not None and definition.code != self.instrument.code:
            raise ValidationError({"definition": _("The definition's code must be the instrument's code.")})
        if definition.version != self.version:
            raise ValidationError({"definition": _("The definition's version must be the version's name.")})
        if self.pk is not None and self.definition_changed() and self.in_use():
            raise ValidationError(
                {"definition": _("Results have been scored with this version: add a new version instead.")}
            )

    def definition_changed(self) -> bool:
        stored = InstrumentVersion.objects.filter(pk=self.pk).values_list("definition", flat=True).first()
        return stored != self.definition

    def in_use(self) -> bool:
        """Whether anything (a stored result, built on this app) points at this version."""
        return in_use(self)


from screening.models_care import *  # noqa: E402,F401,F403  (the care records: screening/models_care.py)
