"""Refuse control characters in what a request carries, with a clear message.

A NUL byte cannot be stored in PostgreSQL text (DataError, a 500), and the other C0 control
characters (and DEL) have no place in anything a person types: they are how a hostile client
probes a parser. Tab, line feed and carriage return stay allowed (they are in textareas).
The check runs once for every page and API call, after CSRF and the language are settled, so
the answer is a 400 in the person's language and nothing is written.
"""

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters written as JSON escapes (\u0000 … \u001f except \t \n \r, and \u007f).
JSON_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def control_characters_message() -> str:
    return _("入力に制御文字（NUL など）が含まれています。取り除いてからもう一度送ってください。")


def _has_control(values) -> bool:
    return any(CONTROL_CHARACTERS.search(v) for v in values if isinstance(v, str))


def _keys_and_values(query_dict) -> list:
    return [*query_dict.keys(), *(v for key in query_dict for v in query_dict.getlist(key))]


def carries_control_characters(request) -> bool:
    if _has_control([request.path_info, *_keys_and_values(request.GET)]):
        return True
    if request.method not in {"POST", "PUT", "PATCH"}:
        return False
    if request.content_type in FORM_TYPES:
        return _has_control(_keys_and_values(request.POST))
    if request.content_type == "application/json":
        body = request.body.decode("utf-8", errors="replace")
        return bool(JSON_ESCAPED_CONTROL.search(body) or CONTROL_CHARACTERS.search(body))
    return False


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_control_characters(request):
            message = control_characters_message()
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "control_characters"}, status=400)
            return render(request, "core/bad_input.html", {"message": message}, status=400)
        return self.get_response(request)


API_ERROR_MESSAGES = {
    400: ("bad_request", gettext_lazy("入力が正しくありません。")),
    403: ("permission_denied", gettext_lazy("この操作をする権限がありません。")),
    404: ("not_found", gettext_lazy("見つかりません。")),
    405: ("method_not_allowed", gettext_lazy("この方法では操作できません。")),
}


class APIErrorsAsJSONMiddleware:
    """An API address answers JSON even when Django itself says no (an id that is not a
    number, a path no route matches, a function view's Http404): one error shape, as the
    OpenAPI schema documents (core/openapi.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/v1/")
            and response.status_code in API_ERROR_MESSAGES
            and response.get("Content-Type", "").startswith("text/html")
        ):
            code, message = API_ERROR_MESSAGES[response.status_code]
            return JsonResponse({"detail": str(message), "code": code}, status=response.status_code)
        return response
