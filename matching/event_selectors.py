"""Event suggestions for pages and the API, ready to wire to events.Event (which matching cannot
import on this branch). They take Event-like objects duck-typed as: .pk, .title, .starts_at,
.status, .ward (a core.Tag or None) and .tags (a manager of core.Tags). Pass querysets with
select_related("ward") and prefetch_related("tags").

    events = Event.objects.filter(status="published", starts_at__gte=timezone.now())
    event_suggestions_for_organization(viewer=request.user, organization=org, events=events)
    invitation_suggestions_for_event(viewer=request.user, event=event, exclude=registered_ids)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from django.utils import timezone, translation

from core.vocabulary import NEIGHBORING_AREAS

from .event_engine import (
    EventData,
    events_for_organization,
    organizations_for_event,
    render_event_reason,
)
from .selectors import tag_labeler


def event_data(event) -> EventData:
    tags = list(event.tags.all())
    return EventData(
        id=event.pk,
        title=event.title,
        starts_at=event.starts_at,
        ward=event.ward.slug if getattr(event, "ward", None) else None,
        fields=frozenset(t.slug for t in tags if t.facet == "field"),
        targets=frozenset(t.slug for t in tags if t.facet == "target"),
        resources=frozenset(t.slug for t in tags if t.facet == "resource"),
        status=event.status,
    )


def _profile(organization_id: int):
    from .services import directory_snapshot

    return next((p for p in directory_snapshot() if p.id == organization_id), None)


def event_suggestions_for_organization(*, viewer, organization, events: Iterable, k: int = 10):
    """[(event, score, [reason dicts with "text"])], best first, for a member or staff."""
    if not viewer.has_perm("matching.view_suggestions", organization):
        raise Http404
    profile = _profile(organization.pk)
    if profile is None:
        return []
    by_id = {e.pk: e for e in events}
    matches = events_for_organization(
        profile, [event_data(e) for e in by_id.values()], now=timezone.now(),
        neighbors=NEIGHBORING_AREAS, k=k,
    )  # fmt: skip
    lang, label = translation.get_language() or "ja", tag_labeler()
    return [
        (by_id[m.event_id], m.score, [
            {**r, "text": render_event_reason(r, lang=lang, label=label)} for r in m.reasons
            if render_event_reason(r, lang=lang, label=label)
        ])
        for m in matches
    ]  # fmt: skip


def invitation_suggestions_for_event(*, viewer, event, exclude: Iterable[int] = (), k: int = 20):
    """[(organization, score, [reason dicts with "text"])] worth inviting: staff only."""
    from profiles.models import Organization

    from .services import directory_snapshot

    if not viewer.is_staff:
        raise Http404
    matches = organizations_for_event(
        event_data(event), directory_snapshot(), now=timezone.now(),
        neighbors=NEIGHBORING_AREAS, k=k, exclude=exclude,
    )  # fmt: skip
    orgs = Organization.objects.select_related("ward").in_bulk([m.org_id for m in matches])
    lang, label = translation.get_language() or "ja", tag_labeler()
    out = []
    for m in matches:
        org = orgs[m.org_id]
        reasons = []
        for r in m.reasons:
            text = render_event_reason(
                r, lang=lang, audience="curator", partner=org.name, label=label
            )
            if text:
                reasons.append({**r, "text": text})
        out.append((org, m.score, reasons))
    return out
