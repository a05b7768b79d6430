"""One error type for business rules, and the one error shape the API answers with.

Kept apart from core.api: DRF reads these by dotted path while its own modules load.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class ApplicationError(Exception):
    """A business rule said no. Services raise it; pages and the API show its message
    (messages go through gettext: Japanese source, English in the catalogue)."""

    def __init__(self, message, *, code: str = "invalid", extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    if isinstance(exc, ApplicationError):
        exc = ValidationError({"detail": str(exc.message), "code": exc.code, **exc.extra})
    return drf_exception_handler(exc, context)
