"""Where a deficiency report can start from, besides a blank form (issue 11 §7).

Another capability registers a source in its ``apps.py`` ``ready()``; the report form
(``deviations:new``) then accepts ``?from=<name>:<key>`` and starts pre-filled::

    from deviations import sources
    sources.register("sip-invitation", invitation_prefill)

A source gets the request and the key, decides itself whether the user may start a report from that
object (None when not: the form then starts blank, saying nothing about the object), and returns the
form's initial values. It must never return personal data: a report holds none.

The values (all optional): ``agreement`` (an Agreement code: "psychiatry", "addiction", "gambling",
"homelessness"), ``happened_on`` (a date), ``reporting_unit`` and ``counterpart_units`` (unit uuids),
``category`` (a Category code: "accessibility", "coordination", "information", "responsibility",
"discharge", "treatment", "other"), ``what_happened`` (text without personal data) and ``source``
(a short label of where it came from, e.g. "SIP invitation declined").
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Prefill = dict[str, Any]
Source = Callable[[HttpRequest, str], Prefill | None]

_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _sources[name] = source


def prefill(request: HttpRequest, reference: str) -> Prefill | None:
    """The initial values for ``reference`` ("<source>:<key>"), or None (unknown source, or not allowed)."""
    name, _sep, key = reference.partition(":")
    source = _sources.get(name)
    return source(request, key) if source is not None and key else None
