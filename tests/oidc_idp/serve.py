"""Start the test identity provider: migrate its SQLite file, register clients and people, serve.

    OIDC_IDP_DATABASE=/tmp/idp.sqlite3 IDP_OIDC_PRIVATE_KEY="$(cat key.pem)" OIDC_IDP_SEED='{...}' \
        DJANGO_SETTINGS_MODULE=tests.oidc_idp.settings python -m tests.oidc_idp.serve 8123

OIDC_IDP_SEED is JSON: {"clients": [{"id", "secret", "redirect_uris"}],
"people": [{"email", "password", "first_name", "last_name", "email_verified"}]}.
"""

import json
import os
import sys


def seed(data: dict) -> None:
    from allauth.account.models import EmailAddress
    from allauth.idp.oidc.models import Client
    from django.contrib.auth import get_user_model

    for c in data.get("clients", []):
        client = Client(id=c["id"], name=c.get("name", c["id"]), skip_consent=True)
        client.set_secret(c["secret"])
        client.set_redirect_uris(c["redirect_uris"])
        client.set_scopes(["openid", "profile", "email"])
        client.save()
    for p in data.get("people", []):
        user = get_user_model().objects.create_user(
            username=p["email"],
            email=p["email"],
            password=p["password"],
            first_name=p.get("first_name", ""),
            last_name=p.get("last_name", ""),
        )
        EmailAddress.objects.create(user=user, email=p["email"], primary=True, verified=p.get("email_verified", True))


def main() -> None:
    port = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_idp.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(json.loads(os.environ.get("OIDC_IDP_SEED", "{}")))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
