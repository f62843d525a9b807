"""The plan as one snapshot (for versions), and the difference between two snapshots.

A snapshot holds display values (unit and principal names, the intervention's code and name), so an
old version reads as it was agreed even after a unit is renamed. The diff works per part and line:
what a part said before and after, the lines removed and added."""

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sip.models import Sip

# The parts in the order the law lists them, then what the agreement adds.
PARTS: tuple[tuple[str, Any], ...] = (
    ("problem", _("1. The problem")),
    ("goals", _("1. Goals")),
    ("interventions", _("2. Interventions by each unit")),
    ("other_measures", _("3. Measures by others")),
    ("overall_responsibility", _("4. Overall responsibility")),
    ("coordination", _("5. Coordination and follow-up")),
    ("children", _("Child perspective")),
    ("violence", _("The question about violence")),
    ("pregnancy", _("Pregnancy")),
    ("target_groups", _("Special target groups")),
)
PART_LABELS = dict(PARTS)


def snapshot(sip: Sip) -> dict[str, Any]:
    """The plan now. Reads goals, interventions (with unit and type) and measures: three queries
    beyond the plan's own row, whose related rows the caller may have prefetched."""
    coordinator = sip.coordinator
    return {
        "problem": sip.problem,
        "goals": [{"term": g.term, "text": g.text, "own_words": g.own_words} for g in sip.goals.all()],
        "interventions": [
            {
                "unit": i.unit.name,
                "type": i.intervention_type.code,
                "type_name": i.intervention_type.name_sv,
                "description": i.description,
                "starts_on": i.starts_on.isoformat(),
                "ends_on": i.ends_on.isoformat() if i.ends_on else "",
            }
            for i in sip.interventions.all()
        ],  # fmt: skip
        "other_measures": [{"by": m.by, "description": m.description} for m in sip.other_measures.all()],
        "no_other_measures": sip.no_other_measures,
        "overall_responsibility": sip.overall_principal.name if sip.overall_principal else "",
        "coordination": {
            "unit": sip.coordinating_unit.name,
            "coordinator": coordinator.get_full_name() if coordinator else "",
            "next_follow_up_on": sip.next_follow_up_on.isoformat() if sip.next_follow_up_on else "",
        },
        "children": {"considered": sip.children_considered, "how": sip.child_perspective},
        "violence": {"result": sip.violence_result, "note": sip.violence_note},
        "pregnancy": sip.pregnancy,
        "target_groups": sorted(sip.target_groups),
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> dict[str, Any]:
    return dict(json.loads(text)) if text else {}


def part_lines(data: dict[str, Any], part: str) -> list[str]:
    """A part as lines of text (the unit of the diff)."""
    value = data.get(part)
    if part == "goals":
        return [f"[{g['term']}{', own words' if g['own_words'] else ''}] {g['text']}" for g in value or []]
    if part == "interventions":
        return [f"{i['unit']}: {i['type_name']} ({i['starts_on']}–{i['ends_on']}) {i['description']}".rstrip()
                for i in value or []]  # fmt: skip
    if part == "other_measures":
        lines = [f"{m['by']}: {m['description']}" for m in value or []]
        return lines or (["–"] if data.get("no_other_measures") else [])
    if isinstance(value, dict):
        return [f"{key}: {value[key]}" for key in sorted(value) if value[key] not in ("", None)]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value not in ("", None) else []


@dataclass(frozen=True)
class PartDiff:
    part: str
    label: str
    removed: list[str]
    added: list[str]


def changed_parts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [part for part, _label in PARTS if part_lines(before, part) != part_lines(after, part)]


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[PartDiff]:
    """Per part that differs: the lines only in ``before`` (removed) and only in ``after`` (added)."""
    result = []
    for part in changed_parts(before, after):
        old, new = part_lines(before, part), part_lines(after, part)
        result.append(PartDiff(part, str(PART_LABELS[part]), [x for x in old if x not in new],
                               [x for x in new if x not in old]))  # fmt: skip
    return result


def snapshot_of_input(sip: Sip, plan: Any) -> dict[str, Any]:
    """What a submitted plan (sip.services.PlanInput) would make of the plan: to show a user whose save
    came too late what the saved plan says differently from theirs."""
    data = snapshot(sip)
    data.update({
        "problem": plan.problem,
        "goals": [{"term": g.term, "text": g.text, "own_words": g.own_words} for g in plan.goals],
        "interventions": [
            {"unit": i.unit.name, "type": i.intervention_type.code, "type_name": i.intervention_type.name_sv,
             "description": i.description, "starts_on": i.starts_on.isoformat(),
             "ends_on": i.ends_on.isoformat() if i.ends_on else ""} for i in plan.interventions],
        "other_measures": [{"by": m.by, "description": m.description} for m in plan.other_measures],
        "no_other_measures": plan.no_other_measures,
        "overall_responsibility": plan.overall_principal.name if plan.overall_principal else "",
        "coordination": {**data["coordination"],
                         "coordinator": plan.coordinator.get_full_name() if plan.coordinator else "",
                         "next_follow_up_on": plan.next_follow_up_on.isoformat() if plan.next_follow_up_on else ""},
        "children": {"considered": plan.children_considered, "how": plan.child_perspective},
        "violence": {"result": plan.violence_result, "note": plan.violence_note},
        "pregnancy": plan.pregnancy,
        "target_groups": sorted(plan.target_groups),
    })  # fmt: skip
    return data
