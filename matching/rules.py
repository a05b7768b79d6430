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
