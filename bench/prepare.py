"""Run by bench/run.py inside the benchmark's environment (settings from the environment).

Creates one bench user per persona, with a TOTP authenticator, signs each in the way the tests
do (tests/personas.py sign_in: a server-side session that records password and second factor),
and prints JSON: the session cookie per persona and the paths of every page.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from audit.models import AuditEntry  # noqa: E402
from bench import pages as bench_pages  # noqa: E402
from bench.pages import ANONYMOUS, PERSONAS, bench_unit, bench_username  # noqa: E402
from individuals.models import ActiveRelation, Consent, Individual  # noqa: E402
from organisations.models import Membership, Principal, Unit  # noqa: E402
from tests.personas import sign_in, with_second_factor  # noqa: E402


def bench_user(persona: str) -> User:
    username = bench_username(persona)
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.invalid", "first_name": "Bench", "last_name": persona}
    )
    if created:
        user.set_unusable_password()
        user.save()
        # A unit of typical size, the same every run: the median by name (about 130 current individuals).
        units = list(Unit.objects.filter(is_active=True).order_by("name"))
        Membership.objects.create(user=user, unit=units[len(units) // 2], role=PERSONAS[persona])
    return with_second_factor(user)


def main() -> None:
    pages_found = bench_pages.pages()  # first: their modules add the personas they need
    cookies, csrf_tokens = {}, {}
    for persona in PERSONAS:
        client = Client()
        sign_in(client, bench_user(persona))
        # A CSRF secret of the persona's own for POSTs: the same value in the cookie and the header.
        csrf_tokens[persona] = _get_new_csrf_string()
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = f"{settings.CSRF_COOKIE_NAME}={csrf_tokens[persona]}"
        cookies[persona] = f"{settings.SESSION_COOKIE_NAME}={session}; {csrf}"
    cookies[ANONYMOUS] = ""
    pages = [
        {
            "name": p.name,
            "description": p.description,
            "persona": p.persona,
            "paths": p.paths(),
            "audited": p.audited,
            "audit_off": p.audit_off,
            "method": p.method,
            "body": p.body() if p.body else None,
        }
        for p in pages_found
    ]
    counts = {
        "principals": Principal.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),  # synthetic staff and the bench users
        "memberships": Membership.objects.count(),
        "individuals": Individual.objects.count(),
        "relations": ActiveRelation.objects.count(),
        "current_relations": ActiveRelation.objects.current().count(),
        "current_at_bench_unit": ActiveRelation.objects.current().filter(unit=bench_unit()).count(),
        "consents": Consent.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
    }
    json.dump(
        {"cookies": cookies, "csrf_tokens": csrf_tokens, "pages": pages, "counts": counts},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
