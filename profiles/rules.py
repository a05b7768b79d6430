"""Who may do what with an organization and its listings: one set of named permissions used by
pages, templates ({% has_perm %}) and the API alike."""

import rules

from .models import Listing, MembershipRole, Organization


def _org(obj):
    if isinstance(obj, Listing):
        return obj.organization
    return obj


@rules.predicate
def is_staff(user):
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_member(user, obj):
    org = _org(obj)
    if org is None or not user.is_authenticated:
        return False
    return org.memberships.filter(user=user).exists()


@rules.predicate
def is_owner(user, obj):
    org = _org(obj)
    if org is None or not user.is_authenticated:
        return False
    return org.memberships.filter(user=user, role=MembershipRole.OWNER).exists()


@rules.predicate
def is_public(user, obj):
    if isinstance(obj, Listing):
        return obj.moderation == "published" and obj.organization.is_public
    return isinstance(obj, Organization) and obj.is_public


@rules.predicate
def can_see_contact(user, obj):
    from .selectors import can_see_contact as rule

    return obj is not None and rule(user, _org(obj))


rules.add_perm("profiles.view_organization", is_public | is_member | is_staff)
rules.add_perm("profiles.change_organization", is_member | is_staff)
rules.add_perm("profiles.manage_members", is_owner | is_staff)
rules.add_perm("profiles.view_contact", can_see_contact)
rules.add_perm("profiles.moderate", is_staff)
rules.add_perm("profiles.suspend_organization", is_staff)
rules.add_perm("profiles.view_listing", is_public | is_member | is_staff)
rules.add_perm("profiles.change_listing", is_member | is_staff)
rules.add_perm("profiles.import_directory", is_staff)
