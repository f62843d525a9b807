from django.urls import URLPattern, URLResolver, include, path, re_path

from api.main import build_api, discovered_routers, json_everywhere, not_found

api = build_api(routers=discovered_routers())


def _wrapped(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_everywhere(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _wrapped(pattern.url_patterns)
    return patterns


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path(
        "",
        include(
            (_wrapped([*_patterns, re_path(r"^.*$", not_found, name="not_found")]), _app_name), namespace=_namespace
        ),
    ),  # fmt: skip
]
