"""Apps mount their own URLs through their AppConfig's url_prefix (core.urls)."""

from django.apps import apps
from django.urls import resolve, reverse

from core.urls import app_urlpatterns


def test_every_app_with_a_prefix_is_mounted_under_it() -> None:
    prefixed = {c.name: c.url_prefix for c in apps.get_app_configs() if getattr(c, "url_prefix", None) is not None}
    assert {"individuals": "individuals/", "audit": "audit/", "sip": "sip/"}.items() <= prefixed.items()
    public = {c.name: c.public_url_prefix for c in apps.get_app_configs() if hasattr(c, "public_url_prefix")}
    assert public == {"screening": "hjalp/sjalvtest/", "directory": "hjalp/", "knowledge": "hjalp/kunskap/"}
    mounted = [(p.pattern._route, p.urlconf_name.__name__) for p in app_urlpatterns()]  # type: ignore[union-attr]
    assert {(f"{name}/", f"{name}.urls") for name in ("individuals", "audit", "sip")} <= set(mounted)
    # Public pages from <app>/public_urls.py, the longest prefix first (hjalp/sjalvtest/ before hjalp/).
    routes = [route for route, _module in mounted]
    assert routes.index("hjalp/sjalvtest/") < routes.index("hjalp/") and ("hjalp/", "directory.public_urls") in mounted


def test_the_mounted_routes_resolve_to_their_apps_views() -> None:
    assert reverse("my_individuals") == "/individuals/"
    assert resolve("/individuals/").func.__module__ == "individuals.views.finding"
    assert reverse("log_review") == "/audit/review/"
    assert resolve("/audit/review/").func.__module__ == "audit.views"
    # The account-changes page lives under audit/ but belongs to accounts: mounted before the include.
    assert resolve("/audit/accounts/").func.__module__ == "accounts.views"
