from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the user chose otherwise (the language cookie set by the header's button).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: a public
    Swedish service should not switch language because a computer happens to be set up in English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page the application renders (security.md, issue 7 §6).

    Staff pages carry personal data, and the sign-in and second-factor pages carry tokens: no
    browser or proxy may keep them. For a signed-in user it is forced, whatever a view set (a
    header that already says no-store, like never_cache's, is kept). An
    anonymous response keeps a Cache-Control its view chose on purpose (a public page may one day
    be cacheable); every other gets no-store too. Static files never reach this middleware: it sits
    below WhiteNoise, which answers them itself with long-lived cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        chosen = response.headers.get("Cache-Control")
        if chosen is None or (signed_in and "no-store" not in chosen):
            response.headers["Cache-Control"] = "no-store"
        return response
