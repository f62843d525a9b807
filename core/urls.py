"""Each app mounts its own URLs: an AppConfig with ``url_prefix`` has its ``<app>/urls.py``
included there, so a new capability adds files instead of editing samverkan/urls.py."""

from django.apps import apps
from django.urls import URLResolver, include, path


def app_urlpatterns() -> list[URLResolver]:
    return [
        path(config.url_prefix, include(f"{config.name}.urls"))
        for config in apps.get_app_configs()
        if getattr(config, "url_prefix", None) is not None
    ]
