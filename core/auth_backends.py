"""The apps' permissions are decided by their rules alone.

The permissions ("events.invite", "profiles.change_organization", …) live in one registry, the
apps' rules.py modules (django-rules). Django asks its backends in order and stops at the first
yes, or at the first PermissionDenied. This backend stands right after rules'
ObjectPermissionBackend: a registered name the rule refused ends there, so
 - a user or group permission row of the same name (Django makes "profiles.change_organization"
   for the model too) cannot grant what the rule refuses, and
 - asking costs none of the two permission queries ModelBackend (and allauth's backend, a
   ModelBackend too) make for every signed-in person — the menu asks on every page.
Any other name (the admin's "profiles.delete_organization") goes on to ModelBackend as before.
It signs nobody in, so sessions keep naming the backends that did."""

import rules
from django.core.exceptions import PermissionDenied


class RulesAreFinal:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if rules.perm_exists(perm):
            raise PermissionDenied
        return False
