"""Event suggestions, engine side: pure functions over plain data (no Django import), like
matching.engine. For an organization, the upcoming events worth attending; for a curator, the
organizations worth inviting to an event. Each with structured reasons rendered in ja/en.

An event is worth it when its theme touches the organization: its resource tags meet the
organization's needs (most) or use its offers, its fields or target groups overlap. Without any
of these there is no suggestion; place (same / neighboring ward) and nearness in time only
order what is already relevant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .engine import SHARED_CAP, Label, OrgProfile, _slug_label

EVENT_NEED_WEIGHT = 2000  # the event's theme is something the organization is looking for
EVENT_OFFER_WEIGHT = 1500  # … or something it can offer
EVENT_FIELD_WEIGHT = 700
EVENT_TARGET_WEIGHT = 700
EVENT_SAME_WARD_WEIGHT = 1000
EVENT_NEIGHBORING_WARD_WEIGHT = 400
SOON_DAYS = 14
SOON_WEIGHT = 500
HORIZON = timedelta(days=120)


@dataclass(frozen=True)
class EventData:
    id: int
    title: str
    starts_at: datetime
    ward: str | None = None
    fields: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    resources: frozenset[str] = frozenset()
    status: str = "published"


@dataclass(frozen=True)
class EventMatch:
    event_id: int
    org_id: int
    score: int
    reasons: tuple[dict, ...]


def score_event(
    org: OrgProfile,
    event: EventData,
    *,
    now: datetime,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    horizon: timedelta = HORIZON,
) -> EventMatch | None:
    """How well `event` suits `org`; None when it is past, too far ahead, unpublished, or
    touches nothing the organization does."""
    if event.status != "published" or not org.eligible:
        return None
    if not (now <= event.starts_at <= now + horizon):
        return None
    score = 0
    reasons: list[dict] = []
    for slug in sorted(event.resources & set(org.needs)):
        score += EVENT_NEED_WEIGHT
        reasons.append({"type": "event_need", "tag": slug})
    for slug in sorted(event.resources & set(org.offers)):
        score += EVENT_OFFER_WEIGHT
        reasons.append({"type": "event_offer", "tag": slug})
    for kind, weight, mine, theirs in (
        ("event_fields", EVENT_FIELD_WEIGHT, org.fields, event.fields),
        ("event_targets", EVENT_TARGET_WEIGHT, org.targets, event.targets),
    ):
        shared = sorted(set(mine) & set(theirs))
        if shared:
            score += weight * min(SHARED_CAP, len(shared))
            reasons.append({"type": kind, "tags": shared})
    if not reasons:
        return None
    neighbors = neighbors or {}
    if event.ward and event.ward == org.ward:
        score += EVENT_SAME_WARD_WEIGHT
        reasons.append({"type": "event_same_ward", "ward": event.ward})
    elif event.ward and org.ward and event.ward in neighbors.get(org.ward, ()):
        score += EVENT_NEIGHBORING_WARD_WEIGHT
        # Both wards: the organization's sentence names where the event is, the curator's
        # where the organization works (片平 is in 青葉区 even when the event is in 若林区).
        reasons.append({"type": "event_neighboring_ward", "ward": event.ward, "org_ward": org.ward})
    days = (event.starts_at - now).days
    if days <= SOON_DAYS:
        score += SOON_WEIGHT * (SOON_DAYS - days) // SOON_DAYS
        reasons.append({"type": "event_soon", "days": days})
    return EventMatch(event.id, org.id, score, tuple(reasons))


def events_for_organization(
    org: OrgProfile,
    events: Iterable[EventData],
    *,
    now: datetime,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    k: int = 10,
) -> list[EventMatch]:
    """Upcoming events worth attending, best first (earlier first on a tie)."""
    scored = [
        (m, e.starts_at)
        for e in events
        if (m := score_event(org, e, now=now, neighbors=neighbors)) is not None
    ]
    scored.sort(key=lambda item: (-item[0].score, item[1], item[0].event_id))
    return [m for m, _ in scored[:k]]


def organizations_for_event(
    event: EventData,
    profiles: Iterable[OrgProfile],
    *,
    now: datetime,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    k: int = 20,
    exclude: Iterable[int] = (),
) -> list[EventMatch]:
    """Organizations worth inviting (for a curator), best first; `exclude` those already
    registered or invited."""
    skip = set(exclude)
    scored = [
        m
        for p in profiles
        if p.id not in skip
        and (m := score_event(p, event, now=now, neighbors=neighbors)) is not None
    ]
    scored.sort(key=lambda m: (-m.score, m.org_id))
    return scored[:k]


# Sentences for the organization ("you") and for a curator looking at a candidate ({partner}).
EVENT_SENTENCES: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "event_need": (
            "貴団体の『{tag}』の募集に関わるテーマの催しです",
            "Its theme matches your call for “{tag}”.",
        ),
        "event_offer": (
            "貴団体が提供できる『{tag}』を生かせる催しです",
            "A chance to put your offer of “{tag}” to use.",
        ),
        "event_fields": (
            "活動分野（{tags}）が催しのテーマと重なります",
            "It shares your fields: {tags}.",
        ),
        "event_targets": (
            "対象（{tags}）が貴団体と重なります",
            "It is for the same people: {tags}.",
        ),
        "event_same_ward": ("同じ{ward}で開かれます", "It takes place in your ward, {ward}."),
        "event_neighboring_ward": (
            "隣接する{ward}で開かれます",
            "It takes place in neighboring {ward}.",
        ),
        "event_soon": ("{days}日後に開かれます", "It takes place in {days} days."),
    },
    "curator": {
        "event_need": ("{partner}は『{tag}』を募集しています", "{partner} is looking for “{tag}”."),
        "event_offer": ("{partner}は『{tag}』を提供できます", "{partner} offers “{tag}”."),
        "event_fields": (
            "{partner}の活動分野（{tags}）がテーマと重なります",
            "{partner} works in: {tags}.",
        ),
        "event_targets": (
            "{partner}の対象（{tags}）が催しと重なります",
            "{partner} works for: {tags}.",
        ),
        "event_same_ward": (
            "{partner}は開催地と同じ{ward}で活動しています",
            "{partner} is active in {ward}, the venue's ward.",
        ),
        "event_neighboring_ward": (
            "{partner}は開催地の{ward}に隣接する{org_ward}で活動しています",
            "{partner} is active in {org_ward}, next to the venue's ward {ward}.",
        ),
        "event_soon": ("", ""),
    },
}
_FACETS = {"event_need": "resource", "event_offer": "resource", "event_fields": "field",
           "event_targets": "target"}  # fmt: skip


def render_event_reason(
    reason: Mapping,
    *,
    lang: str,
    audience: str = "organization",
    partner: str = "",
    label: Label = _slug_label,
) -> str:
    """One sentence; "" for an unknown type or one that says nothing to this audience."""
    en = (lang or "ja").lower().startswith("en")
    lang = "en" if en else "ja"
    kind = reason.get("type", "")
    template = EVENT_SENTENCES.get(audience, {}).get(kind)
    if not template or not template[0]:
        return ""
    values: dict = {"partner": partner, "days": reason.get("days", "")}
    if "tag" in reason:
        values["tag"] = label(_FACETS[kind], reason["tag"], lang)
    if "tags" in reason:
        names = [label(_FACETS[kind], s, lang) for s in reason["tags"]]
        values["tags"] = (", " if en else "、").join(names)
    if "ward" in reason:
        values["ward"] = label("area", reason["ward"], lang)
    if kind == "event_neighboring_ward" and audience == "curator":
        if not reason.get("org_ward"):
            return ""  # stored before the organization's ward was recorded: say nothing wrong
        values["org_ward"] = label("area", reason["org_ward"], lang)
    if kind == "event_soon" and reason.get("days") == 0:
        return "It takes place today." if en else "本日開かれます"
    return template[1 if en else 0].format(**values)
