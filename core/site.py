"""The site's own address and name, from one setting (SITE_URL): every e-mail link, calendar
link and the host named in an e-mail's text come from here, never from the request's Host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import pgettext


def site_url(location: str = "") -> str:
    """An absolute URL on this site for a path (or for another absolute URL's path)."""
    bits = urlsplit(location)
    path = bits.path + (f"?{bits.query}" if bits.query else "")
    path += f"#{bits.fragment}" if bits.fragment else ""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The host (and port) of SITE_URL, as e-mails name it."""
    return urlsplit(settings.SITE_URL).netloc


def site_name() -> str:
    """つなぐ in Japanese, Tsunagu in English (the active language)."""
    return pgettext("site name", "つなぐ")


def email_subject(title: str) -> str:
    """「[つなぐ] 件名」 in one language."""
    return f"[{site_name()}] {title}"
