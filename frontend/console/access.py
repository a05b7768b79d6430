"""The one gate of the console: every page goes through console_view, every API view through
HasConsoleAccess, every selector through require_console; all three ask the rule
"console.access" (frontend/console/rules.py)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

PERMISSION = "console.access"


def require_console(viewer) -> None:
    if not (viewer and viewer.has_perm(PERMISSION)):
        raise PermissionDenied(_("支援センター職員だけが使えるページです"))


def console_view(view):
    """Anonymous visitors are sent to log in; signed-in people who are not staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_console(request.user)
        return view(request, *args, **kwargs)

    return wrapper


class HasConsoleAccess(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm(PERMISSION))
