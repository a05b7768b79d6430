"""The API asks the same named permissions (django-rules, each app's rules.py) as the pages,
the templates and the services: a view names the permission each action needs and
RulesPermission asks `user.has_perm` for it, on the object for detail actions.

    class EventViewSet(...):
        permission_classes = [IsAuthenticatedOrReadOnly, RulesPermission]
        permission_required = {
            "update": "events.manage_event",
            "registrations:GET": "events.manage_event",   # one method of an action
            "step": lambda request, view: ...,            # chosen from the request
        }

An action missing from the map is not restricted here (the view's other permission classes
apply). A detail action is checked when the view calls get_object(), after the queryset said
the object exists for this person (so what they may not see stays a 404); a list-level action
is asked without an object. @action(permission_classes=[...]) replaces the view's classes:
name RulesPermission there too.

Chosen over django-rules' AutoPermissionViewSetMixin, which derives "app.add_model" /
"app.change_model" names from the model: our permission names say what the person does
("events.manage_event", "profiles.manage_members"), and several actions of one view need
different ones."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class RulesPermission(BasePermission):
    message = _("この操作の権限がありません")

    @staticmethod
    def required(request, view) -> str | None:
        table = getattr(view, "permission_required", {})
        action = getattr(view, "action", None)
        perm = table.get(f"{action}:{request.method}", table.get(action))
        return perm(request, view) if callable(perm) else perm

    def has_permission(self, request, view) -> bool:
        perm = self.required(request, view)
        if perm is None or getattr(view, "detail", False):
            return True
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self.required(request, view)
        return perm is None or request.user.has_perm(perm, obj)
