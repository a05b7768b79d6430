"""What a signed-in person sees first on the home page: the organization they act for, its
best suggestions, introductions waiting for its answer, unread messages and coming events.
Reads only through the apps' selectors (each applies its own permission rules)."""

from django.utils import timezone

from events.models import RegistrationStatus
from events.selectors import registrations_of
from matching.introductions.models import Status
from matching.introductions.selectors import introduction_list, unread_message_total
from matching.selectors import reasons_for, suggestion_list, tag_labeler
from profiles.selectors import acting_organization


def member_overview(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    organization = acting_organization(request)
    overview = {
        "organization": organization,
        "suggestions": [],
        "waiting": introduction_list(viewer=user, box="inbox")
        .filter(status__in=[Status.REQUESTED, Status.PROPOSED])
        .count(),
        "unread_messages": unread_message_total(viewer=user),
        "registrations": list(
            registrations_of(viewer=user)
            .filter(event__starts_at__gte=timezone.now())
            .exclude(status=RegistrationStatus.CANCELLED)[:3]
        ),
    }
    if organization is not None:
        label = tag_labeler()
        for suggestion in suggestion_list(viewer=user, organization=organization)[:3]:
            suggestion.reason_texts = [r["text"] for r in reasons_for(suggestion, label=label)][:2]
            overview["suggestions"].append(suggestion)
    return overview
