"""The weekly digest's section "新しいおすすめの団体": partners that entered the lists of the
person's organizations this week (a suggestion that stays in a list keeps its
first_suggested_at through the nightly refreshes). Registered in MatchingConfig.ready."""

from django.urls import reverse

from profiles.models import Organization

from .models import Suggestion


def new_suggestions(*, user, since, now=None) -> list[dict]:
    org_ids = list(user.memberships.values_list("organization_id", flat=True))
    if not org_ids:
        return []
    rows = list(
        Suggestion.objects.filter(
            organization_id__in=org_ids,
            first_suggested_at__gte=since,
            partner__in=Organization.objects.published(),
        )
        .select_related("organization", "partner")
        .order_by("organization__name_kana", "organization_id", "rank")[:10]
    )
    several = len(org_ids) > 1
    return [
        {
            # Whose list it is matters only to members of several organizations.
            "title": f"{row.partner.name} — {row.organization.name}" if several
            else row.partner.name,
            "url": f"{reverse('matching:suggestions')}?organization={row.organization_id}",
        }
        for row in rows
    ]  # fmt: skip


def saved_search_news(*, user, since, now=None) -> list[dict]:
    """The section "保存した検索の新着": what the person's saved searches found this week."""
    from .selectors import saved_search_news as news

    return news(user=user, since=since)
