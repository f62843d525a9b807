"""Periodic work, run by one scheduled command (`manage.py periodic`).

Apps register their jobs in their AppConfig.ready() (reminders, audit checkpoints, ...), so the
foundation keeps no list of capabilities. `make run` runs the command in a loop; production runs
it from a timer (README, "Periodic work")."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # returns a one-line summary without personal data


_jobs: dict[str, Job] = {}


def register(name: str, run: Callable[[], str]) -> None:
    """Register a job under a unique name (registering the same name again replaces it)."""
    _jobs[name] = Job(name, run)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)
