"""Apps mount their own URLs through their AppConfig's url_prefix (core.urls)."""

from django.apps import apps
from django.urls import resolve, reverse

from core.urls import app_urlpatterns


def test_every_app_with_a_prefix_is_mounted_under_it() -> None:
    prefixed = {c.name: c.url_prefix for c in apps.get_app_configs() if getattr(c, "url_prefix", None) is not None}
    assert prefixed == {"individuals": "individuals/", "audit": "audit/"}
    mounted = {p.pattern._route: p.urlconf_name.__name__ for p in app_urlpatterns()}  # type: ignore[union-attr]
    assert mounted == {"individuals/": "individuals.urls", "audit/": "audit.urls"}


def test_the_mounted_routes_resolve_to_their_apps_views() -> None:
    assert reverse("my_individuals") == "/individuals/"
    assert resolve("/individuals/").func.__module__ == "individuals.views.finding"
    assert reverse("log_review") == "/audit/review/"
    assert resolve("/audit/review/").func.__module__ == "audit.views"
    # The account-changes page lives under audit/ but belongs to accounts: mounted before the include.
    assert resolve("/audit/accounts/").func.__module__ == "accounts.views"
