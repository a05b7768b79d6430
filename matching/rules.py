"""Who may see and act on an organization's suggestions: its members and the support center's
staff. One rule each, used by the pages and the API alike (objects are Organizations)."""

import rules

from profiles.models import Membership


@rules.predicate
def is_member_of(user, organization) -> bool:
    if organization is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organization=organization).exists()


is_staff = rules.is_staff

rules.add_perm("matching.view_suggestions", is_staff | is_member_of)
rules.add_perm("matching.dismiss_suggestion", is_staff | is_member_of)
# What the matcher learned from outcomes: seen and reset by the support center only.
rules.add_perm("matching.reset_learning", is_staff)


@rules.predicate
def owns_saved_search(user, search) -> bool:
    return search is not None and user.is_authenticated and search.user_id == user.pk


# A saved search is its owner's alone: not even staff see or delete it.
rules.add_perm("matching.manage_saved_search", owns_saved_search)
