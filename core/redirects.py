"""Where a form may send a person back to: only a page on this site (no open redirect)."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, *, field: str = "next") -> str | None:
    """The `next` the form posted (or the query carried), only if it stays on this site.

    `url_has_allowed_host_and_scheme` refuses https://evil.example, //evil.example,
    https:evil.example and /\\evil.example (browsers read a backslash as a slash)."""
    target = request.POST.get(field) or request.GET.get(field)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def redirect_next(request, fallback, *args, **kwargs):
    """Redirect to the posted `next` when it is on this site, otherwise to `fallback`
    (a URL, a URL name with args, or a model instance, as `redirect()` takes)."""
    target = safe_next(request)
    return redirect(target) if target else redirect(fallback, *args, **kwargs)
