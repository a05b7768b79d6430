"""Who may do what with introductions, conversations and collaborations: named django-rules
permissions used by pages, the API, the WebSocket consumer and the services alike."""

import rules

from profiles.predicates import is_member_of, is_staff, member_org_ids

from .models import Status


@rules.predicate
def is_requester_member(user, introduction) -> bool:
    return introduction.requester_id in member_org_ids(user)


@rules.predicate
def is_recipient_member(user, introduction) -> bool:
    return introduction.recipient_id in member_org_ids(user)


@rules.predicate
def is_request(user, introduction) -> bool:
    return introduction.status == Status.REQUESTED


@rules.predicate
def is_proposal(user, introduction) -> bool:
    return introduction.status == Status.PROPOSED


@rules.predicate
def is_curated(user, introduction) -> bool:
    return introduction.proposed_by_id is not None


is_party = is_requester_member | is_recipient_member

rules.add_perm("introductions.view_introduction", is_party | is_staff)
# A request is answered by the recipient; a staff proposal by each side for itself.
rules.add_perm(
    "introductions.answer_introduction",
    (is_request & is_recipient_member) | (is_proposal & is_party),
)
rules.add_perm(
    "introductions.withdraw_introduction",
    (is_request & (is_requester_member | is_staff)) | (is_proposal & is_staff),
)
rules.add_perm("introductions.propose_introduction", is_staff)
# Requesting on behalf of an organization (object: the requesting organization).
rules.add_perm("introductions.request_introduction", is_member_of | is_staff)


@rules.predicate
def is_conversation_member(user, conversation) -> bool:
    """A member of either side, while that side is not suspended by the support center
    (the other side keeps its conversation)."""
    from profiles.models import ModerationStatus

    ids = member_org_ids(user)
    introduction = conversation.introduction
    return any(
        org.pk in ids and org.status != ModerationStatus.SUSPENDED
        for org in (introduction.requester, introduction.recipient)
    )


@rules.predicate
def is_staff_on_curated_conversation(user, conversation) -> bool:
    return is_staff(user) and conversation.introduction.proposed_by_id is not None


# Conversations are private to the two organizations; staff join only the ones they brokered.
can_take_part = is_conversation_member | is_staff_on_curated_conversation
rules.add_perm("introductions.view_conversation", can_take_part)
rules.add_perm("introductions.post_message", can_take_part)


@rules.predicate
def is_collaboration_member(user, collaboration) -> bool:
    ids = member_org_ids(user)
    return collaboration.organization_a_id in ids or collaboration.organization_b_id in ids


@rules.predicate
def is_shown_publicly(user, collaboration) -> bool:
    return collaboration.is_public


rules.add_perm(
    "introductions.view_collaboration", is_collaboration_member | is_staff | is_shown_publicly
)
rules.add_perm("introductions.change_collaboration", is_collaboration_member | is_staff)
# Agreeing to show a collaboration on the profiles is each side's choice (object: the
# organization agreeing); staff may record it for a group that does not use the web.
rules.add_perm("introductions.show_collaboration", is_member_of | is_staff)
# The CSR / 四方よし activity report of one organization (object: the organization): its own
# members and the support center; partners and the public never see the figures.
rules.add_perm("introductions.view_csr_report", is_member_of | is_staff)
# Quoting one's own words in a partner's report is consented by that organization's members.
rules.add_perm("introductions.consent_quote", is_member_of)
