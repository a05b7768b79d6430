"""Uploaded logos, served by the application in every shape (whitenoise serves static files
only, and a separate front server is one more thing to run).

Only `logos/` is public: import registers under `imports/` hold personal data and are never
served. Responses carry an image content type from a short allow-list (the upload was checked
to be a real PNG, JPEG, GIF or WebP), `nosniff`, and a day of caching: a new logo is saved under
a new name, so a cached one never hides a change for long.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe

PUBLIC_FOLDERS = ("logos",)
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}  # fmt: skip
CACHE_SECONDS = 24 * 60 * 60


@require_safe
def public_media(request, folder: str, name: str):
    if folder not in PUBLIC_FOLDERS:
        raise Http404
    content_type = IMAGE_TYPES.get(Path(name).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        path = Path(safe_join(settings.MEDIA_ROOT, folder, name))
    except Exception as exc:  # a path that leaves MEDIA_ROOT (SuspiciousFileOperation)
        raise Http404 from exc
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Content-Disposition"] = "inline"
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    return response
