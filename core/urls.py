"""Each app mounts its own URLs: an AppConfig with ``url_prefix`` has its ``<app>/urls.py``
included there, so a new capability adds files instead of editing samverkan/urls.py.

``public_url_prefix`` mounts ``<app>/public_urls.py``: pages without sign-in under the public part
of the site (``/hjalp/...``: the guide, the self-tests, public knowledge pages), in the public
layout ``templates/public/base.html``. The longest prefix is mounted first, so ``hjalp/sjalvtest/``
is found before ``hjalp/``.
"""

from django.apps import apps
from django.urls import URLResolver, include, path


def app_urlpatterns() -> list[URLResolver]:
    mounts = []
    for config in apps.get_app_configs():
        for attribute, module in (("url_prefix", "urls"), ("public_url_prefix", "public_urls")):
            prefix = getattr(config, attribute, None)
            if prefix is not None:
                mounts.append((prefix, f"{config.name}.{module}"))
    mounts.sort(key=lambda mount: -len(mount[0]))
    return [path(prefix, include(module)) for prefix, module in mounts]
