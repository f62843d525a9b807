"""Loads the instrument definitions kept in screening/instruments/*.json into the database.

Idempotent: a version already there with the same definition is left alone; a new version is
added (and becomes current only if the instrument has none, or with `activate`); a changed
definition under an existing version name replaces it only while no result uses it.

It takes the model classes as arguments so that the data migration can run it with the
historical models as well as `manage.py load_instruments` with the real ones.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.definition import parse

DIRECTORY = Path(__file__).resolve().parent / "instruments"
# Listed in this order; the public self-test offers these.
ORDER = ("audit", "audit-c", "dudit", "pgsi")
PUBLIC_SELF_TESTS = ("audit", "dudit", "pgsi")


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def definition_files(directory: Path = DIRECTORY) -> list[dict[str, Any]]:
    """Every definition file, checked (DefinitionError names the file's problems)."""
    found = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parse(data)
        found.append(data)
    return found


def load(
    instrument_model: Any, version_model: Any, *, activate: bool = False, directory: Path = DIRECTORY
) -> LoadReport:
    report = LoadReport()
    for data in definition_files(directory):
        definition = parse(data)
        order = ORDER.index(definition.code) if definition.code in ORDER else len(ORDER)
        instrument, _ = instrument_model.objects.update_or_create(
            code=definition.code,
            defaults={
                "short_name": definition.short_name,
                "order": order,
                "public_self_test": definition.code in PUBLIC_SELF_TESTS,
            },
        )
        label = f"{definition.code} {definition.version}"
        existing = version_model.objects.filter(instrument=instrument, version=definition.version).first()
        if existing is None:
            has_current = version_model.objects.filter(instrument=instrument, is_current=True).exists()
            if activate and has_current:
                version_model.objects.filter(instrument=instrument, is_current=True).update(is_current=False)
            version_model.objects.create(
                instrument=instrument,
                version=definition.version,
                definition=data,
                is_current=activate or not has_current,
                note="Loaded from screening/instruments.",
            )
            report.created.append(label)
        elif existing.definition == data:
            report.unchanged.append(label)
        elif in_use(existing):
            report.refused.append(label)
        else:
            version_model.objects.filter(pk=existing.pk).update(definition=data)
            report.updated.append(label)
    return report


def in_use(version: Any) -> bool:
    """Whether anything (a stored result, built on this app) points at this version."""
    # include_hidden: a relation named "+" points at the version as surely as any other.
    for relation in version._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            if relation.related_model._default_manager.filter(**{relation.field.name: version}).exists():
                return True
    return False


def load_instruments(*, activate: bool = False) -> LoadReport:
    """With the real models (the command, tests, demo)."""
    from screening.models import Instrument, InstrumentVersion

    return load(Instrument, InstrumentVersion, activate=activate)
