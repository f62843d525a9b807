"""The guide's answers in Django's cache, under a version number: a change to any unit moves the
version on (directory.signals), so every older answer is simply never read again and expires."""

from django.core.cache import cache

VERSION_KEY = "directory:guide:version"
TIMEOUT = 60 * 60  # an hour: the version makes staleness impossible, the timeout frees the space


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    return int(current)


def invalidate() -> None:
    cache.add(VERSION_KEY, 1, timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(VERSION_KEY, 2, timeout=None)


def key(*parts: object) -> str:
    return ":".join(["directory:guide", str(version()), *(str(part) for part in parts)])
