"""A new organization's first hour on any page: where its profile stands in review and the
checklist of first steps. Pages include them with one tag; the reads live in
profiles.onboarding."""

from django import template

from profiles.models import ModerationStatus
from profiles.onboarding import checklist, review_state
from profiles.predicates import is_member_of

register = template.Library()


@register.inclusion_tag("profiles/_review_notice.html", takes_context=True)
def review_notice(context, organization):
    """For the organization's members, while the profile is not public: what
    happens next, how long it usually takes, who reviews. Nothing once it is published."""
    user = context["request"].user
    show = (
        organization is not None
        and organization.status != ModerationStatus.PUBLISHED
        and is_member_of(user, organization)
    )
    return {"organization": organization, "state": review_state(organization) if show else None}


@register.inclusion_tag("profiles/_checklist.html", takes_context=True)
def first_steps(context, organization):
    """The checklist with progress, for members, until every step is done."""
    user = context["request"].user
    if organization is None or not is_member_of(user, organization):
        return {"list": None}
    found = checklist(organization)
    return {"organization": organization, "list": None if found["complete"] else found}


@register.simple_tag
def listings_waiting_for_review(organization) -> int:
    """How many of the organization's open needs and offers still wait for the staff's check
    (they count for suggestions only once published)."""
    return organization.listings.filter(moderation=ModerationStatus.PENDING, status="open").count()
