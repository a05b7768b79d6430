"""Event suggestions for pages and the API, over events.Event (matching may read events; the
scoring itself is matching.event_engine, pure).

- For an organization: upcoming published events still open for registration that touch its
  needs, offers, fields or target groups — not its own events, not ones it registered for.
- For a curator: the organizations worth inviting to an event, among those whose fields or
  open listings share a tag with the event (found through the database's indexes, never by
  scoring the whole directory), leaving out the organizer and organizations already registered
  or invited.

Both compute on request: a handful of upcoming events, or the few organizations sharing an
event's tags, is cheap; nothing is stored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from core.vocabulary import NEIGHBORING_AREAS
from events.models import ACTIVE, Event, Registration
from events.selectors import event_visible
from profiles.models import Organization

from .event_engine import (
    HORIZON,
    TEXT_CANDIDATES,
    EventData,
    events_for_organization,
    organizations_for_event,
    render_event_reason,
)
from .selectors import tag_labeler
from .text import fold_synonyms, listing_words, text_targets


def event_data(event) -> EventData:
    """The event as the engine reads it: tags, and the words of its title and description (the
    matcher's analyzer), target groups from the text as well as the tags."""
    tags = list(event.tags.all())
    description = event.description or ""
    return EventData(
        id=event.pk,
        title=event.title,
        starts_at=event.starts_at,
        ward=event.ward.slug if getattr(event, "ward", None) else None,
        fields=frozenset(t.slug for t in tags if t.facet == "field"),
        targets=frozenset(t.slug for t in tags if t.facet == "target")
        | text_targets(event.title, description),
        resources=frozenset(t.slug for t in tags if t.facet == "resource"),
        status=event.status,
        words=listing_words(event.title, description),
        text=fold_synonyms(unicodedata.normalize("NFKC", f"{event.title}\n{description}")),
    )


def upcoming_events_for(*, viewer, organization, now=None) -> QuerySet[Event]:
    """Published events within the matcher's horizon whose registration is still open, minus
    the organization's own events and those it is registered for (or waitlisted on)."""
    now = now or timezone.now()
    registered = Registration.objects.filter(organization=organization, status__in=ACTIVE).values(
        "event_id"
    )
    return (
        event_visible(viewer=viewer)
        .upcoming_public(now=now)
        .filter(starts_at__lte=now + HORIZON)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .exclude(organizer_org=organization)
        .exclude(pk__in=registered)
    )


def event_suggestions_for_organization(
    *, viewer, organization, events: Iterable | None = None, k: int = 5, lang: str | None = None
):
    """[(event, score, [reason dicts with "text"])], best first, for a member or staff; 404 for
    anyone else. `events` defaults to upcoming_events_for()."""
    from .services import directory_snapshot

    if not viewer.has_perm("matching.view_suggestions", organization):
        raise Http404
    profiles = directory_snapshot([organization.pk])
    if not profiles:
        return []
    if events is None:
        events = upcoming_events_for(viewer=viewer, organization=organization)
    by_id = {e.pk: e for e in events}
    matches = events_for_organization(
        profiles[0], [event_data(e) for e in by_id.values()], now=timezone.now(),
        neighbors=NEIGHBORING_AREAS, k=k,
    )  # fmt: skip
    lang, label = lang or translation.get_language() or "ja", tag_labeler()
    out = []
    for m in matches:
        reasons = []
        for r in m.reasons:
            text = render_event_reason(r, lang=lang, label=label)
            if text:
                reasons.append({**r, "text": text})
        out.append((by_id[m.event_id], m.score, reasons))
    return out


def invitation_candidates(event) -> QuerySet[Organization]:
    """Published organizations sharing at least one of the event's tags (a field of theirs, or a
    resource or target tag on one of their open listings) or whose open listings use one of the
    event's words (at most TEXT_CANDIDATES of those, most recently updated first): the text
    finds a group whose listing says 夏祭り under another tag. Only these can score."""
    from .services import open_listings

    tag_ids = list(event.tags.values_list("pk", flat=True))
    listing_orgs = open_listings().filter(tags__in=tag_ids).values("organization_id")
    found = Q(fields__in=tag_ids) | Q(pk__in=listing_orgs)
    words = sorted(set(listing_words(event.title, event.description or "")))
    if words:
        by_text = (
            open_listings()
            .filter(search_tokens__anytoken=words)
            .order_by("-updated_at")
            .values_list("organization_id", flat=True)[: TEXT_CANDIDATES * 3]
        )
        found |= Q(pk__in=list(dict.fromkeys(by_text))[:TEXT_CANDIDATES])
    return Organization.objects.published().filter(found).distinct()


def already_involved(event) -> set[int]:
    """The organizer and organizations registered (or waitlisted) or invited already."""
    ids = set(
        Registration.objects.filter(
            event=event, status__in=ACTIVE, organization__isnull=False
        ).values_list("organization_id", flat=True)
    )
    ids |= set(event.invitations.values_list("organization_id", flat=True))
    if event.organizer_org_id:
        ids.add(event.organizer_org_id)
    return ids


def invitation_suggestions_for_event(
    *, viewer, event, exclude: Iterable[int] = (), k: int = 20, lang: str | None = None
):
    """[(organization, score, [reason dicts with "text"])] worth inviting: staff only (404 for
    anyone else). Organizations already involved are left out."""
    from .services import directory_snapshot

    if not viewer.has_perm("events.invite", event):
        raise Http404
    skip = already_involved(event) | set(exclude)
    candidates = invitation_candidates(event).exclude(pk__in=skip).values("pk")
    matches = organizations_for_event(
        event_data(event), directory_snapshot(candidates), now=timezone.now(),
        neighbors=NEIGHBORING_AREAS, k=k, exclude=skip,
    )  # fmt: skip
    orgs = Organization.objects.select_related("ward").in_bulk([m.org_id for m in matches])
    lang, label = lang or translation.get_language() or "ja", tag_labeler()
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
