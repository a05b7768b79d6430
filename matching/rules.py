"""Who may see and act on an organization's suggestions: its members and the support center's
staff. One rule each, used by the pages and the API alike (objects are Organizations)."""

import rules

from profiles.predicates import is_member_of, is_staff

rules.add_perm("matching.view_suggestions", is_staff | is_member_of)
rules.add_perm("matching.dismiss_suggestion", is_staff | is_member_of)
# What the matcher learned from outcomes: seen and reset by the support center only.
rules.add_perm("matching.reset_learning", is_staff)


@rules.predicate
def owns_saved_search(user, search) -> bool:
    return search is not None and user.is_authenticated and search.user_id == user.pk


# A saved search is its owner's alone: not even staff see or delete it.
rules.add_perm("matching.manage_saved_search", owns_saved_search)
