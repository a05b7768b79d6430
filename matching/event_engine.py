"""Event suggestions, engine side: pure functions over plain data (no Django import), like
matching.engine. For an organization, the upcoming events worth attending; for a curator, the
organizations worth inviting to an event. Each with structured reasons rendered in ja/en.

An event is worth it when its theme touches the organization, read as partner suggestions read
a need and an offer (engine.pair_value: the same resource tag, a related tag the texts support,
or the texts alone): the event's title and description against each of the organization's open
listings. An event meets the organization's needs (counted in full) or puts its offers to use
(at engine.USED_PCT); shared fields and target groups (tags and texts) add a little. Without any
of these there is no suggestion. Place (same / neighboring ward) scales the theme by the
suggestions' nearness percents, so it orders what is already relevant and never carries a
text-only match past an exact one; nearness in time only breaks ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from scipy import sparse

from .engine import (
    DEFAULT_NEAR_PCT,
    USED_PCT,
    Label,
    ListingData,
    Model,
    OrgProfile,
    _branch,
    _display_words,
    _slug_label,
    pair_value,
    sims,
    transposed,
)

# Shared fields and target groups: a little each, at most EVENT_SHARED_CAP points in all, so an
# event that only shares a field stays under one that meets a need or uses an offer.
EVENT_FIELD_WEIGHT = 250
EVENT_TARGET_WEIGHT = 250
EVENT_SHARED_CAP = 750
EVENT_REASONS_PER_SIDE = 3  # the listings quoted per side (all of them count)
SOON_DAYS = 14
HORIZON = timedelta(days=120)
# The organizations a curator is shown are also looked for by the event's words (not only its
# tags); at most this many are scored.
TEXT_CANDIDATES = 300


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
    words: tuple[str, ...] = ()  # content words of title and description (matching.text)
    text: str = ""  # title and description, synonyms folded (to quote the tying words)


@dataclass(frozen=True)
class EventMatch:
    event_id: int
    org_id: int
    score: int
    reasons: tuple[dict, ...]


def _as_listing(event: EventData, kind: str) -> ListingData:
    return ListingData(kind, event.title, event.resources, event.words, event.text)


def event_model(profiles: Iterable[OrgProfile], events: Iterable[EventData]) -> Model:
    """The text model for scoring these events against these organizations: tag weights and
    TF-IDF over their listings and the events' texts (the events as one-listing profiles)."""
    docs = [
        OrgProfile(id=-1 - i, kind="event", listings=(_as_listing(e, "offer"),))
        for i, e in enumerate(events)
    ]
    return Model([*profiles, *docs])


def _vectors(model: Model, docs: list[tuple[str, ...]]):
    if model.vectorizer is None or not docs:
        return sparse.csr_matrix((len(docs), model.X.shape[1]))
    X = model.vectorizer.transform(docs).tocsr()
    X.sort_indices()
    return X


def _theme(model: Model, org: OrgProfile, event: EventData, event_sims) -> tuple[int, list]:
    """The event against each open listing of the organization, by the suggestions' pair
    formula: the event offers its theme to a need, and calls on an offer. `event_sims`: the
    cosine of the event with each listing of `org`, in order."""
    score, found = 0, {"event_need": [], "event_offer": []}
    as_offer, as_need = _as_listing(event, "offer"), _as_listing(event, "need")
    for i, listing in enumerate(org.listings):
        need, offer = (listing, as_offer) if listing.kind == "need" else (as_need, listing)
        sim = float(event_sims[i])
        ew, et = model.exact_weight(need, offer)
        rw, rt, ru = model.related_weight(need, offer)
        value = pair_value(ew, rw, sim)
        if value <= 0:
            continue
        kind = "event_need" if listing.kind == "need" else "event_offer"
        if kind == "event_offer":
            value = value * USED_PCT // 100
        score += value
        match = _branch(ew, rw, sim)
        tag = {"exact": et, "related": rt if listing.kind == "need" else ru}.get(match, "")
        found[kind].append(
            (-value, i, {"type": kind, "tag": tag, "match": match, "listing_title": listing.title,
                         "listing": listing.id, "words": _display_words(need, offer)})
        )  # fmt: skip
    reasons = [
        reason
        for kind in ("event_need", "event_offer")
        for _v, _i, reason in sorted(found[kind], key=lambda f: f[:2])[:EVENT_REASONS_PER_SIDE]
    ]
    return score, reasons


def score_event(
    org: OrgProfile,
    event: EventData,
    *,
    now: datetime,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    horizon: timedelta = HORIZON,
    model: Model | None = None,
    event_sims=None,
) -> EventMatch | None:
    """How well `event` suits `org`; None when it is past, too far ahead, unpublished, or
    touches nothing the organization does. `model`: event_model() over the organizations and
    events scored together (one is made for this pair when not given); `event_sims`: the
    event's cosines with the organization's listings, when the caller computed them at once."""
    if event.status != "published" or not org.eligible:
        return None
    if not (now <= event.starts_at <= now + horizon):
        return None
    model = model or event_model([org], [event])
    if event_sims is None:
        listings = _vectors(model, [lst.words for lst in org.listings])
        event_sims = sims(_vectors(model, [event.words]), transposed(listings))[0]
    theme, reasons = _theme(model, org, event, event_sims)
    shared_points = 0
    for kind, weight, mine, theirs in (
        ("event_fields", EVENT_FIELD_WEIGHT, org.fields, event.fields),
        ("event_targets", EVENT_TARGET_WEIGHT, org.targets, event.targets),
    ):
        shared = sorted(set(mine) & set(theirs))
        if shared:
            shared_points += weight * len(shared)
            reasons.append({"type": kind, "tags": shared})
    if not reasons:
        return None
    neighbors = neighbors or {}
    pct = 0
    if event.ward and event.ward == org.ward:
        pct = DEFAULT_NEAR_PCT["same"]
        reasons.append({"type": "event_same_ward", "ward": event.ward})
    elif event.ward and org.ward and event.ward in neighbors.get(org.ward, ()):
        pct = DEFAULT_NEAR_PCT["neighboring"]
        # Both wards: the organization's sentence names where the event is, the curator's
        # where the organization works (片平 is in 青葉区 even when the event is in 若林区).
        reasons.append({"type": "event_neighboring_ward", "ward": event.ward, "org_ward": org.ward})
    score = theme * (100 + pct) // 100 + min(EVENT_SHARED_CAP, shared_points)
    days = (event.starts_at - now).days
    if days <= SOON_DAYS:
        reasons.append({"type": "event_soon", "days": days})
    return EventMatch(event.id, org.id, score, tuple(reasons))


def events_for_organization(
    org: OrgProfile,
    events: Iterable[EventData],
    *,
    now: datetime,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    k: int = 10,
    model: Model | None = None,
) -> list[EventMatch]:
    """Upcoming events worth attending, best first (earlier first on a tie, so a sooner event
    of equal fit comes first)."""
    events = list(events)
    model = model or event_model([org], events)
    listings = transposed(_vectors(model, [lst.words for lst in org.listings]))
    cosines = sims(_vectors(model, [e.words for e in events]), listings)
    scored = [
        (m, e.starts_at)
        for e, row in zip(events, cosines, strict=True)
        if (m := score_event(org, e, now=now, neighbors=neighbors, model=model, event_sims=row))
        is not None
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
    model: Model | None = None,
) -> list[EventMatch]:
    """Organizations worth inviting (for a curator), best first; `exclude` those already
    registered or invited."""
    skip = set(exclude)
    profiles = [p for p in profiles if p.id not in skip]
    model = model or event_model(profiles, [event])
    docs = [lst.words for p in profiles for lst in p.listings]
    cosines = sims(_vectors(model, [event.words]), transposed(_vectors(model, docs)))[0]
    scored, start = [], 0
    for p in profiles:
        row = cosines[start : start + len(p.listings)]
        start += len(p.listings)
        m = score_event(p, event, now=now, neighbors=neighbors, model=model, event_sims=row)
        if m is not None:
            scored.append(m)
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
# event_need / event_offer that quote the organization's listing and say what ties it to the
# event (matcher v2); those without a listing title keep the tag sentence above.
LISTING_SENTENCES: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "event_need": (
            "貴団体の募集『{listing_title}』に関わるテーマの催しです（{tie}）",
            "Its theme meets your need “{listing_title}” ({tie}).",
        ),
        "event_offer": (
            "貴団体の提供『{listing_title}』を生かせる催しです（{tie}）",
            "A chance to put your offer “{listing_title}” to use ({tie}).",
        ),
    },
    "curator": {
        "event_need": (
            "{partner}の募集『{listing_title}』が催しのテーマに合っています（{tie}）",
            "{partner}'s need “{listing_title}” meets the event's theme ({tie}).",
        ),
        "event_offer": (
            "{partner}の提供『{listing_title}』を催しに生かせます（{tie}）",
            "{partner}'s offer “{listing_title}” can serve the event ({tie}).",
        ),
    },
}
EVENT_TIES: dict[str, tuple[str, str]] = {
    "exact": ("どちらも『{tag}』", "both “{tag}”"),
    "related": ("関連する『{tag}』", "related to “{tag}”"),
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
    if reason.get("tag"):
        values["tag"] = label(_FACETS[kind], reason["tag"], lang)
    if reason.get("listing_title"):
        sentence = _listing_sentence(reason, audience=audience, en=en, values=values)
        if sentence is not None:
            return sentence
    if kind in ("event_need", "event_offer") and "tag" not in values:
        return ""  # a text-only tie with no words to show: say nothing rather than a blank
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


def _listing_sentence(reason: Mapping, *, audience: str, en: bool, values: dict) -> str | None:
    """The sentence quoting the organization's listing and the tie (tag, shared words); None
    when there is no such sentence for this audience and type."""
    template = LISTING_SENTENCES.get(audience, {}).get(reason.get("type", ""))
    if template is None:
        return None
    tie = ""
    if reason.get("match") in EVENT_TIES and "tag" in values:
        tie = EVENT_TIES[reason["match"]][1 if en else 0].format(**values)
    words = reason.get("words") or []
    if words:
        said = ", ".join(words) if en else "・".join(words)
        said = f"shared words: {said}" if en else f"共通の言葉「{said}」"
        tie = (f"{tie}; {said}" if en else f"{tie}、{said}") if tie else said
    if not tie:
        return None
    return template[1 if en else 0].format(**values, listing_title=reason["listing_title"], tie=tie)
