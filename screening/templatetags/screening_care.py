"""The screening panel on the individual's page: `{% screening_results access %}` with the page's
grant (individuals/templates/individuals/detail.html includes screening/care/individual_panel.html).

The page's door already logged the read of the individual; the panel shows only what that grant
opens (screening.care_access.visible_unit)."""

from typing import Any

from django import template

from access.policy import Grant
from screening.care_selectors import results_panel
from screening.checklists import SEVERITY_LABELS
from screening.interviews import AREAS

register = template.Library()


@register.inclusion_tag("screening/care/_panel.html")
def screening_results(grant: Grant) -> dict[str, Any]:
    return {"panel": results_panel(grant), "person_uuid": grant.individual.uuid}


@register.filter
def severity_label(code: str) -> str:
    return str(SEVERITY_LABELS.get(code, code))


@register.filter
def interview_ratings(interview: Any) -> list[tuple[str, int]]:
    """(area label, rating) in the instrument's order of areas."""
    return [(str(label), interview.ratings.get(code)) for code, label in AREAS.get(interview.instrument, ())]
