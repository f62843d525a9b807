"""The county's identity provider as an allauth OpenID Connect app (README, "Sign-in and federation").

A function, so that settings.py and the federation tests configure it the same way.
"""

from typing import Any
from urllib.parse import urlsplit


def county_oidc_app(
    *,
    server_url: str,
    client_id: str,
    secret: str,
    provider_id: str = "county",
    name: str = "e-legitimation",
    verified_email_domains: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            # The issuer; allauth reads <server_url>/.well-known/openid-configuration.
            "server_url": server_url,
            "oauth_pkce_enabled": True,
            # Sign an invited member of staff in by the e-mail address the IdP has verified (only
            # this IdP's; SOCIALACCOUNT_EMAIL_AUTHENTICATION stays off for anything else). No match,
            # no sign-in: SocialAccountAdapter refuses sign-up.
            "email_authentication": True,
            # Domains whose addresses the IdP vouches for even without an email_verified claim.
            "verified_email": list(verified_email_domains or []),
        },
    }


def idp_form_action_sources(server_url: str) -> list[str]:
    """The IdP's origin, for CSP form-action: our "sign in with e-legitimation" form redirects there.

    Assumes the authorization endpoint is on the issuer's origin, as it is for most IdPs.
    """
    if not server_url:
        return []
    parts = urlsplit(server_url)
    return [f"{parts.scheme}://{parts.netloc}"]
