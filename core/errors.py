"""The errors a rule raises, and the one error shape pages and the API answer with.

A service says "no" with one of three exceptions, each with one status and one code per meaning:
  ApplicationError  400  the input or the state does not allow it (code names the rule)
  NotAllowed        403  this person may not do this             (code "permission_denied")
  NotFound          404  no such thing, or not one this person may see (code "not_found")
The API answers every one of them as {"detail": <message>, "code": <code>, ...extra}; pages show
an ApplicationError's message beside the form and answer 403 / 404 for the other two.

Kept apart from core.api: DRF reads these by dotted path while its own modules load.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class ApplicationError(Exception):
    """A business rule said no. Services raise it; pages and the API show its message
    (messages go through gettext: Japanese source, English in the catalogue)."""

    status_code = 400
    default_code = "invalid"
    default_message = ""

    def __init__(self, message=None, *, code: str | None = None, extra: dict | None = None):
        message = message or self.default_message
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.extra = extra or {}


class NotAllowed(ApplicationError):
    """The person may not do this (403)."""

    status_code = 403
    default_code = "permission_denied"
    default_message = _("この操作をする権限がありません")


class NotFound(ApplicationError):
    """No such thing, or not one the person may see (404)."""

    status_code = 404
    default_code = "not_found"
    default_message = _("見つかりません")


def reraise_refusal(exc: ApplicationError) -> None:
    """For pages that show a rule's message beside the form: "not allowed" and "not found"
    still answer 403 and 404, as they do everywhere else."""
    if isinstance(exc, NotAllowed):
        raise DjangoPermissionDenied(exc.message) from exc
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from exc


class Pagination(PageNumberPagination):
    """`?page_size=` must be a whole number from 1 to 100: DRF's own pagination silently used
    the default for anything else (`?page_size=abc`), so a caller never learned of the typo."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("%(min)s から %(max)s までの整数で指定してください。")
                        % {"min": 1, "max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ApplicationError):
        body = {"detail": str(exc.message), "code": exc.code, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc.args[0]))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc.args[0]) if exc.args else None)
    response = drf_exception_handler(exc, context)
    # One envelope: every error with a single message also names its code.
    if response is not None and isinstance(response.data, dict):
        detail = response.data.get("detail")
        if isinstance(detail, exceptions.ErrorDetail):
            response.data.setdefault("code", detail.code)
    return response
