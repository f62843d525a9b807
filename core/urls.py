"""Each app mounts its own URLs: an AppConfig with ``url_prefix`` has its ``<app>/urls.py``
included there, so a new capability adds files instead of editing samverkan/urls.py."""

from django.apps import apps
from django.urls import URLResolver, include, path


def app_urlpatterns() -> list[URLResolver]:
    prefixes = ((config.name, getattr(config, "url_prefix", None)) for config in apps.get_app_configs())
    return [path(prefix, include(f"{name}.urls")) for name, prefix in prefixes if prefix is not None]
