"""Cached reads for anonymous visitors, invalidated by version.

Public pages and API reads are the same for every anonymous visitor, so the first one's answer
is kept in the cache (Redis, shared by every process) and the next ones get it without a query.
Each *section* ("directory": organizations, listings, tags; "events": events, registrations)
has a version number in the cache; every key carries it, and any committed change to the
section's models bumps it, so a change shows on the next request and old entries simply expire.
`TIMEOUT` bounds what time alone changes (a listing past its date, an event that started).

Signed-in people are never served a cached copy (they see drafts, contacts, their
registrations); neither is a visitor with a session (messages, a pending form).

Pages carry a CSRF token (the language switch, htmx headers): it is stored as a placeholder and
replaced on every hit by a token for the visitor's own CSRF cookie."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

TIMEOUT = 300
# One reader fills a missing entry; the others wait for it (get_or_fill).
FILL_LOCK_SECONDS = 30
FILL_WAIT = 5.0
FILL_POLL = 0.02
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_VERSION_KEY = "pagecache:version:{}"


def version(section: str) -> int:
    return versions(section)[0]


def versions(*sections: str) -> tuple[int, ...]:
    """The sections' versions, read in one round trip to the cache."""
    keys = [_VERSION_KEY.format(section) for section in sections]
    found = cache.get_many(keys)
    out = []
    for key in keys:
        value = found.get(key)
        if value is None:  # never read yet (or evicted): start it, or take a racing start
            cache.add(key, 1, timeout=None)
            value = cache.get(key) or 1
        out.append(value)
    return tuple(out)


def _bump_now(section: str) -> None:
    key = _VERSION_KEY.format(section)
    try:
        cache.incr(key)
    except ValueError:  # never read yet (or evicted): any new number will do
        cache.set(key, 2, timeout=None)


def bump(section: str) -> None:
    """Invalidate the section's cached reads now and again once the current transaction
    commits: a reader in between may have stored the old data under the first new version."""
    _bump_now(section)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(section))


def bump_on_change(section: str, *models) -> None:
    """Connect saves, deletes and many-to-many changes of `models` to bump(section)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def receiver(sender, **kwargs):
        bump(section)

    for model in models:
        uid = f"pagecache:{section}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver, sender=field.remote_field.through, weak=False,
                dispatch_uid=f"{uid}:{field.name}",
            )  # fmt: skip


def cached(section: str, parts, compute):
    """compute() cached under `parts` and the section's version (for reads that depend on the
    viewer: put whatever decides the answer in `parts`)."""
    return cached_under([section, version(section), *parts], compute)


def cached_under(parts, compute):
    """compute() cached under `parts` alone: the caller puts every version the answer depends
    on in them (read together with versions())."""
    raw = "\n".join(map(str, parts))
    key = "pagecache:" + hashlib.sha256(raw.encode()).hexdigest()
    return get_or_fill(key, compute)[1]


def get_or_fill(key: str, compute, keep=lambda result: result) -> tuple[bool, object]:
    """(True, the cached value) or (False, compute()'s result, stored as keep(result) unless
    that is None).

    One filler at a time: when an entry expires or its section's version moves, every reader
    arriving meanwhile would otherwise compute the same page at once (eight anonymous visitors
    of the events page took 2 s each instead of one taking 0.3 s). The first takes a short
    lock and computes; the others wait for its answer, polling the cache, for up to
    FILL_WAIT seconds, then compute it themselves (a filler that died or is very slow)."""
    hit = cache.get(key)
    if hit is not None:
        return True, hit
    lock = key + ":filling"
    owner = cache.add(lock, 1, timeout=FILL_LOCK_SECONDS)
    if not owner:
        deadline = time.monotonic() + FILL_WAIT
        while time.monotonic() < deadline:
            time.sleep(FILL_POLL)
            hit = cache.get(key)
            if hit is not None:
                return True, hit
    try:
        result = compute()
        stored = keep(result)
        if stored is not None:
            cache.set(key, stored, TIMEOUT)
    finally:
        if owner:
            cache.delete(lock)
    return False, result


def is_cacheable(request) -> bool:
    """An anonymous GET with no session: the same answer as any other anonymous visitor's."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def key_for(request, section: str, name: str) -> str:
    url = request.build_absolute_uri()
    parts = [section, str(version(section)), name, getattr(request, "LANGUAGE_CODE", ""),
             request.headers.get("HX-Request", ""), url]  # fmt: skip
    return "pagecache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def anonymous_data(request, section: str, name: str, compute):
    """compute() for signed-in people; for anonymous visitors its cached result."""
    if not is_cacheable(request):
        return compute()
    return get_or_fill(key_for(request, section, name), compute)[1]


def anonymous_page(section: str):
    """A view decorator: 200 HTML answers to anonymous visitors are cached per URL and
    language, with the CSRF token put back for each visitor."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not is_cacheable(request):
                return view(request, *args, **kwargs)
            key = key_for(request, section, view.__name__)
            found, value = get_or_fill(key, lambda: view(request, *args, **kwargs), _storable)
            if not found:
                return value
            content_type, body = value
            return HttpResponse(
                body.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
            )

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.__wrapped__ = view
        return wrapped

    return decorator


def _storable(response) -> tuple[str, str] | None:
    """What of a page is kept: a plain 200 answer that sets no cookie, with its CSRF token
    replaced by the placeholder."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    body = response.content.decode(response.charset)
    # The page rendered one token (a context evaluates csrf_token once).
    rendered = _rendered_token(body)
    if rendered:
        body = body.replace(rendered, CSRF_PLACEHOLDER)
    return response["Content-Type"], body


def _rendered_token(body: str) -> str | None:
    """The token the template rendered (the value of the csrfmiddlewaretoken field)."""
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    if start < 0:
        return None
    start += len(marker)
    end = body.find('"', start)
    return body[start:end] or None


class AnonymousCachedReadMixin:
    """For DRF viewsets: list and retrieve answers to anonymous clients come from the cache
    (authentication, permissions and throttling still run first). Set `cache_section`."""

    cache_section = ""

    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        parent = super()
        return Response(
            anonymous_data(
                request, self.cache_section, f"{type(self).__name__}.list",
                lambda: parent.list(request, *args, **kwargs).data,
            )
        )  # fmt: skip

    def retrieve(self, request, *args, **kwargs):
        from rest_framework.response import Response

        parent = super()
        return Response(
            anonymous_data(
                request, self.cache_section, f"{type(self).__name__}.retrieve",
                lambda: parent.retrieve(request, *args, **kwargs).data,
            )
        )  # fmt: skip
