"""The predicates every app's permissions are built from, defined once: "is staff", "is a
member of", "is an owner of", "belongs to any organization". profiles/rules.py,
events/rules.py, matching/rules.py, matching/introductions/rules.py and frontend/console/rules.py
import them from here (no app defines its own copy) and register their permissions with
rules.add_perm; pages, templates ({% has_perm %}), the API (core.api_permissions) and services
(user.has_perm) ask those permissions by name.

Objects: the membership predicates accept an Organization, its id, or anything that belongs to
one through `organization` (a Listing, an Invitation, a Registration), so one predicate serves
every app without loading the organization."""

import rules

from .models import Membership, MembershipRole, Organization

CACHE_ATTR = "_member_org_ids"


def organization_of(obj) -> Organization | None:
    if obj is None or isinstance(obj, Organization):
        return obj
    return getattr(obj, "organization", None)


def organization_id_of(obj) -> int | None:
    if obj is None or isinstance(obj, int):
        return obj
    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)


def member_org_ids(user) -> frozenset[int]:
    """The organizations this person belongs to, cached on the user object for the request
    (the conversation consumer drops the cache when a socket re-checks: forget_member_orgs)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("organization_id", flat=True)
        )
        setattr(user, CACHE_ATTR, cached)
    return cached


def forget_member_orgs(user) -> None:
    if hasattr(user, CACHE_ATTR):
        delattr(user, CACHE_ATTR)


def _membership(user, obj):
    """The person's memberships of the object's organization (an uncached query: services
    check again after a membership changed within the same request)."""
    organization_id = organization_id_of(obj)
    if organization_id is None or not (user and user.is_authenticated):
        return None
    return Membership.objects.filter(user=user, organization_id=organization_id)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_member_of(user, obj) -> bool:
    """A member (any role) of the organization the object is or belongs to."""
    memberships = _membership(user, obj)
    return memberships is not None and memberships.exists()


@rules.predicate
def is_owner_of(user, obj) -> bool:
    memberships = _membership(user, obj)
    return memberships is not None and memberships.filter(role=MembershipRole.OWNER).exists()


@rules.predicate
def is_member_of_any_organization(user) -> bool:
    return bool(user and user.is_authenticated) and Membership.objects.filter(user=user).exists()


@rules.predicate
def is_proxy_profile(user, obj) -> bool:
    """A profile the support center keeps for a group that does not use the web (代理)."""
    organization = organization_of(obj)
    return organization is not None and organization.managed_by_staff


def acts_as_staff(user, obj) -> bool:
    """Staff acting on an organization they do not belong to: such writes go to the audit
    log. Not a permission (a plain function, asked after the permission passed)."""
    return is_staff(user) and not is_member_of(user, obj)
