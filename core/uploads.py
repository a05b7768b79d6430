"""Size caps on uploaded files, enforced while the bytes arrive, not after they were stored.

Two checks, both before a view or form reads anything:
- UploadSizeMiddleware: a multipart request whose Content-Length is beyond the largest cap
  (UPLOAD_MAX_REQUEST_BYTES) is answered 413 with a message before its body is read at all;
- CappedUploadHandler (first in FILE_UPLOAD_HANDLERS): each file field has its cap
  (UPLOAD_CAPS, field name → bytes; any other file field UPLOAD_DEFAULT_CAP). Once a file
  passes it, the rest of its bytes are dropped as they arrive and the form receives a stand-in
  that only knows the size, so the form's own size rule answers with its usual message
  ("ロゴは2MB以下にしてください"). At most the cap ever reaches memory or disk.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name and size, no content."""

    def __init__(self, *, name, content_type, size, charset=None):
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)
        self.oversized = True


def cap_for(field_name: str) -> int:
    return settings.UPLOAD_CAPS.get(field_name, settings.UPLOAD_DEFAULT_CAP)


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.cap = cap_for(field_name)
        self.seen = 0

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen > self.cap:
            return None  # the later handlers (memory, temporary file) never get this chunk
        return raw_data

    def file_complete(self, file_size):
        if self.seen > self.cap:
            return OversizedUpload(
                name=self.file_name,
                content_type=self.content_type,
                size=self.seen,
                charset=self.charset,
            )
        return None  # within the cap: the next handler's file


def upload_too_large_message() -> str:
    limit = settings.UPLOAD_MAX_REQUEST_BYTES // 1024 // 1024
    return _("送信されたファイルが大きすぎます（上限 %(limit)s MB）。") % {"limit": limit}


class UploadSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.UPLOAD_MAX_REQUEST_BYTES:
                message = upload_too_large_message()
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": message, "code": "too_large"}, status=413)
                return render(request, "core/bad_input.html", {"message": message}, status=413)
        return self.get_response(request)
