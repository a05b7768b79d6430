"""Who may do what with an organization and its listings: one set of named permissions used by
pages, templates ({% has_perm %}) and the API alike."""

import rules

from .models import Listing, Organization
from .predicates import is_member_of, is_owner_of, is_proxy_profile, is_staff, organization_of


@rules.predicate
def is_public(user, obj):
    if isinstance(obj, Listing):
        return obj.moderation == "published" and obj.organization.is_public
    return isinstance(obj, Organization) and obj.is_public


@rules.predicate
def can_see_contact(user, obj):
    from .selectors import can_see_contact as rule

    return obj is not None and rule(user, organization_of(obj))


rules.add_perm("profiles.view_organization", is_public | is_member_of | is_staff)
rules.add_perm("profiles.change_organization", is_member_of | is_staff)
rules.add_perm("profiles.manage_members", is_owner_of | is_staff)
rules.add_perm("profiles.view_contact", can_see_contact)
rules.add_perm("profiles.moderate", is_staff)
rules.add_perm("profiles.suspend_organization", is_staff)
rules.add_perm("profiles.view_listing", is_public | is_member_of | is_staff)
rules.add_perm("profiles.change_listing", is_member_of | is_staff)
rules.add_perm("profiles.import_directory", is_staff)
# Acting for an organization (choosing it on /organizations/mine/): its members, and staff for
# the profiles the support center keeps for groups that do not use the web.
rules.add_perm("profiles.act_for", is_member_of | (is_staff & is_proxy_profile))
