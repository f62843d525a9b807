"""Reads of instruments and their versions (the API, the self-test and the admin use these)."""

from django.db.models import Prefetch

from screening.models import Instrument, InstrumentVersion


def current_version(code: str) -> InstrumentVersion | None:
    """The version that scores new answers for this instrument code (one query)."""
    return InstrumentVersion.objects.select_related("instrument").filter(instrument__code=code, is_current=True).first()


def current_versions(*, public_only: bool = False) -> list[InstrumentVersion]:
    """Every instrument's current version, in the instruments' order (one query)."""
    versions = InstrumentVersion.objects.select_related("instrument").filter(is_current=True)
    if public_only:
        versions = versions.filter(instrument__public_self_test=True)
    return list(versions.order_by("instrument__order", "instrument__code"))


def instruments_with_versions() -> list[Instrument]:
    """Instruments with every version (newest first) in `all_versions`: two queries, whatever the count."""
    versions = InstrumentVersion.objects.order_by("-created_at", "-pk")
    return list(Instrument.objects.prefetch_related(Prefetch("versions", queryset=versions, to_attr="all_versions")))
