"""The matcher: pure scoring over plain data. No Django import here on purpose, so the engine can be
unit-tested and benchmarked alone; matching.services loads the data (listing words included, as
plain token tuples from matching.text) and stores the results.

Score(A, B), in thousandths of a point (integers, so the indexed engine and the brute-force
reference add up to exactly the same numbers):

1. Complementarity, listing by listing. Each of A's need listings is met by B's offer listing
   that fits it best; the same for B's needs met by A's offers. A need↔offer pair fits through
   - the same resource tag, weighted by the tag's rarity (IDF), at half weight when the two texts
     share nothing and in full when they read alike (TF-IDF cosine of their words);
   - a related tag (COMPLEMENTS) only when the two texts support it, at most 40 % of the tag's
     exact weight (an offer of local-history guiding tagged `expertise` does not meet a need for
     accounting advice because the tags are related: its text must say so);
   - the texts alone, across unrelated tags, at a lower weight still.
   No complementarity, no suggestion. A pair where each side meets a need of the other is
   marked mutual and gets a bonus.
2. Then, to order partners who all meet the need: shared target groups (from tags and texts),
   fields and SDGs, the same or a neighboring ward, the pairing of a 町内会 with a theme-based
   partner (viewpoint ②), and freshness (listings updated lately). These are calibrated so that
   together they break ties but nearness never carries a weak (related or text-only) match past
   an exact one: the nearness percents stay below the smallest gap between the two.

What outcomes taught (matching.learning) scales both: each (need tag, offer tag) pair's weight
by a multiplier within 0.7–1.3, and the nearness percent of a distance class down by at most
15 points. That is meant to reorder: a related pair that keeps being accepted may come to pass an
exact one that keeps being declined as "not our field". Without outcomes every multiplier is 1
and nothing changes.

Excluded: the organization itself, organizations sharing a member with it, dismissed pairs
(either direction), and organizations that are not published.

The indexed engine (Matcher) scores one organization against all others at once with sparse
matrices (scipy, scikit-learn's TF-IDF): postings tag → offer/need listings, the text matrix of
every open listing, per-organization maxima with numpy's reduceat. `brute_force_suggest` scores
pair by pair in plain Python with the same formula (pair_values) and is the reference the
property tests hold the Matcher to.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from matching.learning import NOTHING, Learned
from profiles.kinds import NEIGHBORHOOD_ASSOCIATION as NEIGHBORHOOD_KIND
from profiles.kinds import THEME_KINDS

PUBLIC_STATUS = "published"
DEFAULT_K = 20

COMPLEMENT_WEIGHT = 3000  # an exact tag met with full text support, times the tag's IDF (≥ 1)
EXACT_FLOOR = 0.35  # share of that weight when the two texts share no word
RELATED_SHARE = 0.25  # a related tag counts at most this share (times its strength) of exact
CROSS_WEIGHT = 800  # a text-only match across unrelated tags, at full text support
SIM_FULL = 0.25  # TF-IDF cosine at which the texts count as fully supporting a match
SIM_SUPPORT = 0.05  # least cosine for a related tag to count at all
SIM_CROSS = 0.12  # least cosine for a text-only match
# The organization asking is served first: its own needs met count in full, its offers meeting
# a partner's needs at this percentage.
USED_PCT = 75
MUTUAL_WEIGHT = 800
TARGET_WEIGHT = 200
FIELD_WEIGHT = 150
SDG_WEIGHT = 50
SHARED_CAP = 3  # shared targets / fields / SDGs count up to three each
# Nearness scales the complementarity (percent): among partners who meet the need the nearer
# wins, but a weak match scaled up stays under an exact one — the largest related value is
# 0.4 * 0.9 = 0.36 of the tag's exact weight and an exact match is at least 0.5 of it
# (0.36 * 1.3 = 0.468 < 0.5); a text-only match is at most 1000 and an exact one at least 1500.
# The same 地区 (district: 片平, 長町南…) within the same ward is nearer still, by one point:
# 800 (the largest text-only value) * 1.31 = 1048 stays under 1050 (the least exact one), so the
# 地区 orders partners of equal fit in one ward and lifts nothing past an exact match.
SAME_DISTRICT_PCT = 31
SAME_WARD_PCT = 30
NEIGHBORING_WARD_PCT = 10
DEFAULT_NEAR_PCT = {
    "district": SAME_DISTRICT_PCT,
    "same": SAME_WARD_PCT,
    "neighboring": NEIGHBORING_WARD_PCT,
    "far": 0,
}
VIEWPOINT2_WEIGHT = 300
# Two organizations of the same kind mostly offer the same things (two universities, two
# support bodies): peers more than partners. Their complementarity counts this many percent
# less, so a partner of another kind with the same match comes first (viewpoint ② pairs
# territorial groups with theme groups; this is the same idea for every kind).
SAME_KIND_PCT = 40
FRESH_DAYS = ((30, 150), (90, 75))
# A partner scoring under this share of the best one is not worth a coordinator's call: it is
# left out rather than shown as the fifth of five (the labelled decoys sit there).
WORTH_A_CALL = 0.25

# Needs that an offer of a different resource tag may also meet, with the strength of the
# relation (the same tag always meets itself). Read as: a call for "successors" may be met by
# "youth-participation" at 0.8 — when the two listings' texts support it.
COMPLEMENTS: dict[str, dict[str, float]] = {
    "volunteers": {"employee-volunteers": 0.9, "youth-participation": 0.7, "student-research": 0.5},
    "successors": {"youth-participation": 0.8, "student-research": 0.6, "volunteers": 0.5},
    "youth-participation": {"student-research": 0.8, "volunteers": 0.4},
    "student-research": {"research": 0.6, "youth-participation": 0.5},
    "employee-volunteers": {"volunteers": 0.6},
    "participants": {"youth-participation": 0.5, "volunteers": 0.3},
    "venue": {"equipment": 0.3},
    "it-digital": {"design": 0.4, "publicity": 0.3},
    "design": {"photo-video": 0.5, "publicity": 0.4, "it-digital": 0.3},
    "publicity": {"design": 0.6, "photo-video": 0.6, "it-digital": 0.4},
    "photo-video": {"design": 0.4, "publicity": 0.3},
    "research": {"student-research": 0.8, "expertise": 0.5},
    "expertise": {"research": 0.4, "legal": 0.5, "accounting": 0.5},
    "facilitation": {"expertise": 0.4, "student-research": 0.3},
    "legal": {"expertise": 0.5},
    "accounting": {"expertise": 0.5},
    "translation": {"student-research": 0.3},
    "network": {"publicity": 0.3},
}


@dataclass(frozen=True)
class ListingData:
    """One open listing as the matcher reads it. `words`: content words (matching.text);
    `text`: title and description with synonyms folded (to quote the tying words)."""

    kind: str  # "need" | "offer"
    title: str
    resources: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    text: str = ""
    id: int | None = None


@dataclass(frozen=True)
class OrgProfile:
    """What the matcher knows of one organization. needs/offers map a resource tag slug to the
    titles of the open listings carrying it; `listings` are those listings themselves (built
    from needs/offers, without words, when not given); targets come from tags and texts."""

    id: int
    kind: str
    ward: str | None = None
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    offers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    targets: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    sdgs: frozenset[str] = frozenset()
    members: frozenset[int] = frozenset()
    status: str = PUBLIC_STATUS
    name: str = ""
    listings: tuple[ListingData, ...] = ()
    idle_days: int | None = None  # days since a listing was last updated
    district: str | None = None  # 地区 within the ward (matching.text.district_of), if known

    def __post_init__(self):
        if not self.listings and (self.needs or self.offers):
            object.__setattr__(self, "listings", _listings_from_tags(self.needs, self.offers))

    @property
    def eligible(self) -> bool:
        return self.status == PUBLIC_STATUS


def _listings_from_tags(needs, offers) -> tuple[ListingData, ...]:
    """One listing per title (a title under several tags is one listing with those tags)."""
    out = []
    for kind, side in (("need", needs), ("offer", offers)):
        by_title: dict[str, set[str]] = {}
        for slug, titles in sorted(side.items()):
            for title in titles or (slug,):
                by_title.setdefault(title, set()).add(slug)
        out.extend(ListingData(kind, t, frozenset(s)) for t, s in by_title.items())
    return tuple(out)


@dataclass(frozen=True)
class Match:
    """One suggestion for `org_id`: `partner_id` with its score and structured reasons."""

    org_id: int
    partner_id: int
    score: int  # thousandths of a point
    mutual: bool
    reasons: tuple[dict, ...] = ()

    @property
    def key(self) -> tuple[int, int, bool]:
        return (self.partner_id, self.score, self.mutual)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def is_viewpoint2(kind_a: str, kind_b: str) -> bool:
    """A 町内会 paired with a theme-based partner (NPO, university, company, youth group)."""
    return (kind_a == NEIGHBORHOOD_KIND and kind_b in THEME_KINDS) or (
        kind_b == NEIGHBORHOOD_KIND and kind_a in THEME_KINDS
    )


def fresh_bonus(idle_days: int | None) -> int:
    if idle_days is None:
        return 0
    return next((w for days, w in FRESH_DAYS if idle_days <= days), 0)


# --- Rarity, tag weights and the pair formula --------------------------------------------------


def tag_idf(profiles: Iterable[OrgProfile]) -> dict[str, float]:
    """Smoothed IDF of each resource tag over the open listings of eligible organizations:
    ln((1 + N) / (1 + df)) + 1, where df counts the listings carrying the tag and N all
    tag uses. Always ≥ 1, so a common tag still counts."""
    df: dict[str, int] = {}
    for p in profiles:
        if not p.eligible:
            continue
        for listing in p.listings:
            for slug in listing.resources:
                df[slug] = df.get(slug, 0) + 1
    total = sum(df.values())
    return {slug: math.log((1 + total) / (1 + n)) + 1.0 for slug, n in df.items()}


def pair_values(exact_w, related_w, sim) -> np.ndarray:
    """The value of need↔offer listing pairs (arrays): the one formula both the indexed engine
    and the reference use, so that they agree to the unit."""
    exact_w = np.asarray(exact_w, dtype=np.float64)
    related_w = np.asarray(related_w, dtype=np.float64)
    sim = np.asarray(sim, dtype=np.float64)
    support = np.minimum(1.0, sim / SIM_FULL)
    exact = exact_w * (EXACT_FLOOR + (1.0 - EXACT_FLOOR) * support)
    related = np.where(sim >= SIM_SUPPORT, related_w * (0.5 + 0.5 * support), 0.0)
    text = np.where(sim >= SIM_CROSS, CROSS_WEIGHT * support, 0.0)
    return np.rint(np.where(exact_w > 0, exact, np.maximum(related, text))).astype(np.int64)


def pair_value(exact_w: float, related_w: float, sim: float) -> int:
    """pair_values for one pair, in plain floats (the same operations in the same order, so
    the same integer): the reasons of the few partners kept are written pair by pair."""
    support = min(1.0, sim / SIM_FULL)
    if exact_w > 0:
        return int(np.rint(exact_w * (EXACT_FLOOR + (1.0 - EXACT_FLOOR) * support)))
    related = related_w * (0.5 + 0.5 * support) if sim >= SIM_SUPPORT else 0.0
    text = CROSS_WEIGHT * support if sim >= SIM_CROSS else 0.0
    return int(np.rint(max(related, text)))


def _words(doc):
    return doc


class Model:
    """What scoring needs beyond the two profiles: tag weights and the text matrix of every open
    listing of an eligible organization (rows l2-normalized TF-IDF, so a dot product is the
    cosine). Shared by the Matcher and the brute-force reference."""

    def __init__(
        self,
        profiles: Iterable[OrgProfile],
        complements: Mapping[str, Mapping[str, float]] | None = None,
        learned: Learned | None = None,
    ):
        profiles = list(profiles)
        complements = COMPLEMENTS if complements is None else complements
        learned = learned or NOTHING
        self.learned = learned
        self.idf = tag_idf(profiles)
        base = {t: COMPLEMENT_WEIGHT * v for t, v in self.idf.items()}
        # What outcomes taught (matching.learning): a multiplier per (need tag, offer tag) pair
        # and nearness percents per distance class; all 1 and unchanged without outcomes.
        self.exact = {t: w * learned.multiplier(t, t) for t, w in base.items()}
        self.near_pct = {
            # Same 地区 is same ward, nearer: it moves with what the same ward learned.
            "district": SAME_DISTRICT_PCT + learned.distance_pct.get("same", 0),
            "same": SAME_WARD_PCT + learned.distance_pct.get("same", 0),
            "neighboring": NEIGHBORING_WARD_PCT + learned.distance_pct.get("neighboring", 0),
            "far": learned.distance_pct.get("far", 0),
        }
        # need tag → {offer tag: weight}; offer tag → [(need tag, weight)]
        self.related: dict[str, dict[str, float]] = {}
        self.related_by_offer: dict[str, list[tuple[str, float]]] = {}
        for need, row in complements.items():
            if need not in self.exact:
                continue
            for offer, strength in row.items():
                if offer != need and offer in self.idf:
                    w = RELATED_SHARE * strength * base[need] * learned.multiplier(need, offer)
                    self.related.setdefault(need, {})[offer] = w
                    self.related_by_offer.setdefault(offer, []).append((need, w))
        self.row: dict[tuple[int, int], int] = {}
        docs = []
        for p in profiles:
            if not p.eligible:
                continue
            for i, listing in enumerate(p.listings):
                self.row[(p.id, i)] = len(docs)
                docs.append(listing.words)
        self.vectorizer = None
        if any(docs):
            from sklearn.feature_extraction.text import TfidfVectorizer

            self.vectorizer = TfidfVectorizer(
                analyzer=_words, lowercase=False, sublinear_tf=True, dtype=np.float64
            )
            self.X = self.vectorizer.fit_transform(docs).tocsr()
        else:
            self.X = sparse.csr_matrix((len(docs), 1), dtype=np.float64)
        self.X.sort_indices()
        self._XT = None
        self._weights: dict = {}

    @property
    def XT(self):
        """X transposed (`transposed`), computed when first asked for after a change."""
        if self._XT is None:
            self._XT = transposed(self.X)
        return self._XT

    def replace(self, profile: OrgProfile) -> None:
        """Rows for one organization's listings as they are now, in this model's weights (tag
        IDF, text vocabulary and IDF stay as fitted: an incremental refresh and the full rebuild
        it must agree with use the same weights; the nightly rebuild fits them anew). The
        organization's old rows stay in X, no longer pointed at."""
        i = 0
        while self.row.pop((profile.id, i), None) is not None:
            i += 1
        if not profile.eligible or not profile.listings:
            return
        rows = sparse.vstack([self.vector(listing.words) for listing in profile.listings])
        start = self.X.shape[0]
        self.X = sparse.vstack([self.X, rows.astype(np.float64)]).tocsr()
        self.X.sort_indices()
        self._XT = None
        for i in range(len(profile.listings)):
            self.row[(profile.id, i)] = start + i

    def vector(self, words: Iterable[str]):
        """The TF-IDF row of words outside the corpus (a new listing), same space."""
        if self.vectorizer is None:
            return sparse.csr_matrix((1, self.X.shape[1]), dtype=np.float64)
        row = self.vectorizer.transform([tuple(words)]).tocsr()
        row.sort_indices()
        return row

    def exact_weight(self, need: ListingData, offer: ListingData) -> tuple[float, str]:
        shared = need.resources & offer.resources
        if not shared:
            return (0.0, "")
        return max((self.exact.get(t, 0.0), t) for t in shared)

    def weights(self, need: ListingData, offer: ListingData) -> tuple:
        """(exact weight, its tag, related weight, need tag, offer tag) of a pair: the tags
        alone decide them, so they are kept per pair of tag sets (reasons ask again and again).
        """
        key = (need.resources, offer.resources)
        found = self._weights.get(key)
        if found is None:
            found = self._weights[key] = (
                *self.exact_weight(need, offer),
                *self.related_weight(need, offer),
            )
        return found

    def related_weight(self, need: ListingData, offer: ListingData) -> tuple[float, str, str]:
        best = (0.0, "", "")
        for t in sorted(need.resources):
            for u, w in self.related.get(t, {}).items():
                if u in offer.resources and w > best[0]:
                    best = (w, t, u)
        return best


def transposed(X):
    """X.T as CSR, computed once: `sims` multiplies by it for every query, and letting scipy
    transpose a 300,000-row matrix per product cost most of a query's time."""
    T = X.T.tocsr()
    T.sort_indices()
    return T


def take_rows(X, rows):
    """X[rows] for a CSR matrix, the same matrix scipy's fancy indexing returns, without its
    checks: a query takes a few rows of a 300,000-row matrix several times, and the checks
    cost more than the rows."""
    rows = np.asarray(rows, dtype=np.int64)
    starts, lengths = X.indptr[rows], X.indptr[rows + 1] - X.indptr[rows]
    indptr = np.zeros(len(rows) + 1, dtype=X.indptr.dtype)
    np.cumsum(lengths, out=indptr[1:])
    at = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
    out = sparse.csr_matrix((len(rows), X.shape[1]), dtype=X.dtype)
    out.data, out.indices, out.indptr = X.data[at], X.indices[at], indptr
    out.has_sorted_indices = X.has_sorted_indices
    return out


def sims(query, others_t) -> np.ndarray:
    """Cosines of the query rows against the other rows, dense (len(query), len(others));
    `others_t` is the other rows transposed (`transposed`). The query always comes first so
    that sums run in the same order in both engines, rounded so that no last-bit difference can
    tip an integer."""
    if query.shape[0] == 0 or others_t.shape[1] == 0:
        return np.zeros((query.shape[0], others_t.shape[1]))
    return np.round((query @ others_t).toarray(), 9)


class _PartnerSims:
    """The query's cosines against the listings of a few partners only (the k kept), indexed
    like the full matrix: `[:, rows]` with rows of the whole listing matrix."""

    def __init__(self, model, query_rows, partner_rows):
        cols = sorted(set(partner_rows))
        self.pos = {r: i for i, r in enumerate(cols)}
        self.values = sims(take_rows(model.X, query_rows), transposed(take_rows(model.X, cols)))

    def __getitem__(self, key):
        _all, rows = key
        return self.values[:, [self.pos[r] for r in rows]]


# --- The reference scorer: one pair at a time --------------------------------------------------


def _rows(model: Model, p: OrgProfile, kind: str) -> tuple[list[int], list[int]]:
    idx = [i for i, lst in enumerate(p.listings) if lst.kind == kind]
    return idx, [model.row[(p.id, i)] for i in idx]


def _display_words(need: ListingData, offer: ListingData, limit: int = 3) -> list[str]:
    """The content words the two listings share, as written in one of their texts."""
    out: list[str] = []
    shared = set(offer.words)
    for token in need.words:
        if token not in shared or len(out) >= limit:
            continue
        for src in (need.text, offer.text):
            pos = _kana_fold(src).find(token)
            if pos >= 0:
                word = src[pos : pos + len(token)]
                if word not in out:
                    out.append(word)
                break
    return out


_HIRAGANA_TO_KATAKANA = {c: c + 0x60 for c in range(0x3041, 0x3097)}


def _kana_fold(text: str) -> str:
    """Lower case, hiragana as katakana (the form of the words' tokens)."""
    return text.lower().translate(_HIRAGANA_TO_KATAKANA)


def _branch(exact_w: float, related_w: float, sim: float) -> str:
    """Which way pair_values valued a pair: "exact", "related" or "text"."""
    if exact_w > 0:
        return "exact"
    support = min(1.0, sim / SIM_FULL)
    related = related_w * (0.5 + 0.5 * support) if sim >= SIM_SUPPORT else 0.0
    text = CROSS_WEIGHT * support if sim >= SIM_CROSS else 0.0
    return "related" if related > 0 and related >= text else "text"


def query_sims(model: Model, query: OrgProfile, partners=None) -> dict:
    """Cosines of the query's need and offer listings against every listing (or against the
    listings of `partners` only), computed once for all the pairs of one query."""
    out = {"rows": {kind: _rows(model, query, kind) for kind in ("need", "offer")}}
    for kind in ("need", "offer"):
        _idx, rows = out["rows"][kind]
        if partners is None:
            out[kind] = sims(model.X[rows], model.XT)
        else:
            other = [model.row[(p.id, i)] for p in partners for i in range(len(p.listings))]
            out[kind] = _PartnerSims(model, rows, other)
    return out


def _side(model, query, q_kind, other, o_kind, direction, qsims):
    """Pairs for one direction. direction "met": query's needs vs other's offers; "used":
    other's needs vs query's offers. Returns (sum of best values, reasons)."""
    q_idx, _q_rows = qsims["rows"][q_kind] if "rows" in qsims else _rows(model, query, q_kind)
    o_idx, o_rows = _rows(model, other, o_kind)
    if not q_idx or not o_idx:
        return 0, []
    s = qsims[q_kind][:, o_rows]  # (query listings, other listings)
    if direction == "met":
        needs, offers, sim = (query, q_idx), (other, o_idx), s.tolist()
    else:
        needs, offers, sim = (other, o_idx), (query, q_idx), s.T.tolist()
    total, reasons = 0, []
    for a, ni in enumerate(needs[1]):
        need = needs[0].listings[ni]
        exact, related, tags, values = [], [], [], []
        for j, oi in enumerate(offers[1]):
            offer = offers[0].listings[oi]
            ew, et, rw, rt, ru = model.weights(need, offer)
            exact.append(ew)
            related.append(rw)
            tags.append((et, et) if ew > 0 else (rt, ru))
            values.append(pair_value(ew, rw, float(sim[a][j])))
        best = max(range(len(values)), key=lambda j: (values[j], -j))  # first of the best
        value = values[best]
        if value <= 0:
            continue
        total += value
        offer = offers[0].listings[offers[1][best]]
        match = _branch(exact[best], related[best], float(sim[a][best]))
        need_tag, offer_tag = tags[best] if match != "text" else ("", "")
        reasons.append(
            {"type": "need_met" if direction == "met" else "offer_used",
             "need": need_tag, "offer": offer_tag, "match": match,
             "need_title": need.title, "offer_title": offer.title,
             "need_listing": need.id, "offer_listing": offer.id,
             "words": _display_words(need, offer),
             "need_titles": [need.title], "offer_titles": [offer.title]}
        )  # fmt: skip
    return total, reasons


def secondary(
    a: OrgProfile,
    b: OrgProfile,
    neighbors: Mapping[str, Iterable[str]],
    near_pct: Mapping[str, int] | None = None,
):
    """The tie-breaking signals for B as A's partner: (points, nearness percent, reasons).
    `near_pct`: the nearness percents per distance class (Model.near_pct, learned)."""
    near_pct = near_pct or DEFAULT_NEAR_PCT
    score, pct, reasons = 0, 0, []
    for kind, weight, mine, theirs in (
        ("shared_targets", TARGET_WEIGHT, a.targets, b.targets),
        ("shared_fields", FIELD_WEIGHT, a.fields, b.fields),
        ("shared_sdgs", SDG_WEIGHT, a.sdgs, b.sdgs),
    ):
        shared = sorted(set(mine) & set(theirs))
        if shared:
            score += weight * min(SHARED_CAP, len(shared))
            reasons.append({"type": kind, "tags": shared})
    if a.ward and a.ward == b.ward and a.district and a.district == b.district:
        pct = near_pct.get("district", near_pct["same"])
        reasons.append({"type": "same_district", "ward": a.ward, "district": a.district})
    elif a.ward and a.ward == b.ward:
        pct = near_pct["same"]
        reasons.append({"type": "same_ward", "ward": a.ward})
    elif a.ward and b.ward and b.ward in neighbors.get(a.ward, ()):
        pct = near_pct["neighboring"]
        reasons.append({"type": "neighboring_ward", "ward": b.ward})
    elif a.ward and b.ward:
        pct = near_pct["far"]
    if a.kind == b.kind:
        pct -= SAME_KIND_PCT
    if is_viewpoint2(a.kind, b.kind):
        score += VIEWPOINT2_WEIGHT
        theme_kind = b.kind if a.kind == NEIGHBORHOOD_KIND else a.kind
        reasons.append({"type": "viewpoint2", "theme_kind": theme_kind})
    fresh = fresh_bonus(b.idle_days)
    if fresh:
        score += fresh
        reasons.append({"type": "fresh", "days": b.idle_days})
    return score, pct, reasons


def score_pair(
    a: OrgProfile,
    b: OrgProfile,
    model: Model,
    neighbors: Mapping[str, Iterable[str]],
    qsims: Mapping[str, np.ndarray] | None = None,
) -> Match | None:
    """Score B as a partner for A, with reasons; None when nothing complements. `qsims`:
    query_sims(model, a), when scoring many partners for one A."""
    qsims = qsims if qsims is not None else query_sims(model, a)
    met, met_reasons = _side(model, a, "need", b, "offer", "met", qsims)
    used, used_reasons = _side(model, a, "offer", b, "need", "used", qsims)
    used = used * USED_PCT // 100
    if met <= 0 and used <= 0:
        return None
    score = met + used
    reasons = met_reasons + used_reasons
    mutual = met > 0 and used > 0
    if mutual:
        score += MUTUAL_WEIGHT
        reasons.append({"type": "mutual"})
    extra, pct, extra_reasons = secondary(a, b, neighbors, model.near_pct)
    score = score * (100 + pct) // 100 + extra
    return Match(a.id, b.id, score, mutual, tuple(reasons + extra_reasons))


def _excluded(a: OrgProfile, b: OrgProfile, dismissed: set[tuple[int, int]]) -> bool:
    return (
        a.id == b.id
        or not b.eligible
        or bool(a.members & b.members)
        or pair_key(a.id, b.id) in dismissed
    )


def brute_force_suggest(
    profiles: Iterable[OrgProfile],
    org_id: int,
    *,
    k: int = DEFAULT_K,
    neighbors: Mapping[str, Iterable[str]] | None = None,
    complements: Mapping[str, Mapping[str, float]] | None = None,
    dismissed: Iterable[tuple[int, int]] = (),
    model: Model | None = None,
    learned: Learned | None = None,
) -> list[Match]:
    """The reference: score A against every organization, sort, keep k. O(N) per organization;
    used by the tests to check the indexed engine and by the benchmark as the baseline."""
    profiles = list(profiles)
    by_id = {p.id: p for p in profiles}
    a = by_id.get(org_id)
    if a is None or not a.eligible:
        return []
    model = model or Model(profiles, complements, learned)
    neighbors = neighbors or {}
    dismissed_pairs = {pair_key(x, y) for x, y in dismissed}
    qsims = query_sims(model, a)
    found = []
    for b in profiles:
        if _excluded(a, b, dismissed_pairs):
            continue
        match = score_pair(a, b, model, neighbors, qsims)
        if match:
            found.append(match)
    found.sort(key=lambda m: (-m.score, m.partner_id))
    return worth_a_call(found[:k])


def worth_a_call(ranked: list[Match]) -> list[Match]:
    """Drop partners far below the best (WORTH_A_CALL); the list stays in order."""
    if not ranked:
        return ranked
    floor = ranked[0].score * WORTH_A_CALL
    return [m for m in ranked if m.score >= floor]


# --- The indexed engine ----------------------------------------------------------------------


class Matcher:
    """An in-memory index over one snapshot of the directory. Build it, ask for top-k lists,
    drop it: it is a cache of the database, never the source of truth."""

    def __init__(
        self,
        profiles: Iterable[OrgProfile],
        *,
        neighbors: Mapping[str, Iterable[str]] | None = None,
        complements: Mapping[str, Mapping[str, float]] | None = None,
        dismissed: Iterable[tuple[int, int]] = (),
        learned: Learned | None = None,
        model: Model | None = None,
    ):
        """`model`: weights fitted before (every listing of `profiles` has its row in it), for
        a rebuild that must agree with incremental refreshes on those weights."""
        self.profiles: dict[int, OrgProfile] = {p.id: p for p in profiles}
        self.neighbors = {w: frozenset(ns) for w, ns in (neighbors or {}).items()}
        self.model = model or Model(self.profiles.values(), complements, learned)
        self._set_dismissed(dismissed)
        self._build()

    def _set_dismissed(self, dismissed: Iterable[tuple[int, int]]) -> None:
        self.dismissed: dict[int, set[int]] = {}
        for x, y in dismissed:
            self.dismissed.setdefault(x, set()).add(y)
            self.dismissed.setdefault(y, set()).add(x)

    def _build(self) -> None:
        order = list(self.profiles.values())
        self.ids = np.array([p.id for p in order], dtype=np.int64)
        self.pos = {p.id: i for i, p in enumerate(order)}
        self.by_member: dict[int, list[int]] = {}
        for p in order:
            for u in p.members:
                self.by_member.setdefault(u, []).append(p.id)

        def bits(values, index):
            m = 0
            for v in values:
                m |= 1 << index.setdefault(v, len(index))
            return m

        self._bits = bits
        t_ix, f_ix, s_ix = self._tag_ix = ({}, {}, {})
        masks = [(bits(p.targets, t_ix), bits(p.fields, f_ix), bits(p.sdgs, s_ix)) for p in order]
        self._check_masks()
        self.tmask, self.fmask, self.smask = (
            np.array([m[i] for m in masks], dtype=np.int64) for i in range(3)
        )
        # Every ward known, the neighbors' too, so that an organization patched in later
        # (`patch`) finds its ward indexed.
        known = {p.ward for p in order if p.ward} | set(self.neighbors)
        known |= {n for ns in self.neighbors.values() for n in ns}
        wards = self._ward_ix = {w: i for i, w in enumerate(sorted(known))}
        self.ward = np.array([wards.get(p.ward, -1) if p.ward else -1 for p in order])
        districts = {d: i for i, d in enumerate(sorted({p.district for p in order if p.district}))}
        self._district_ix = districts
        self.district = np.array(
            [districts[p.district] if p.district and p.ward else -1 for p in order]
        )
        self.near = np.zeros((len(wards) + 1, len(wards) + 1), dtype=bool)
        for w, ns in self.neighbors.items():
            for n in ns:
                if w in wards and n in wards:
                    self.near[wards[w], wards[n]] = True
        self.side = np.array(
            [1 if p.kind == NEIGHBORHOOD_KIND else 2 if p.kind in THEME_KINDS else 0 for p in order]
        )
        self.kind = np.array([p.kind for p in order])
        self.fresh = np.array([fresh_bonus(p.idle_days) for p in order], dtype=np.int64)
        # Listings of eligible organizations, grouped by organization, one side at a time.
        # Each listing's tag set is numbered: a query's tag weights against every set are
        # computed once (`_weight_table`) and looked up per listing.
        self._set_ids: dict[str, dict[frozenset[str], int]] = {"need": {}, "offer": {}}
        self._tables: dict = {}
        for kind in ("need", "offer"):
            rows, owners, starts, post, row_sets = [], [], [], {}, []
            for p in order:
                if not p.eligible:
                    continue
                mine = [i for i, lst in enumerate(p.listings) if lst.kind == kind]
                if not mine:
                    continue
                starts.append(len(rows))
                owners.append(self.pos[p.id])
                for i in mine:
                    for slug in p.listings[i].resources:
                        post.setdefault(slug, []).append(len(rows))
                    rows.append(self.model.row[(p.id, i)])
                    row_sets.append(self._set_id(kind, p.listings[i].resources))
            setattr(self, f"{kind}_X", self.model.X[rows] if rows else self.model.X[:0])
            setattr(self, f"{kind}_XT", transposed(getattr(self, f"{kind}_X")))
            setattr(self, f"{kind}_owner", np.array(owners, dtype=np.int64))
            setattr(self, f"{kind}_start", np.array(starts, dtype=np.int64))
            setattr(self, f"{kind}_post", {t: np.array(v) for t, v in post.items()})
            setattr(self, f"{kind}_count", len(rows))
            # Per listing: its organization's position; per tag: which listings carry it, and
            # the organizations with at least one such listing.
            org_of = np.repeat(np.array(owners, dtype=np.int64), np.diff(starts + [len(rows)]))
            setattr(self, f"{kind}_org", org_of)
            setattr(self, f"{kind}_set", np.array(row_sets, dtype=np.int64))
            setattr(self, f"{kind}_org_post", {t: np.unique(org_of[v]) for t, v in post.items()})
        self._floors: dict[str, int] = {}
        # The most the tie-breaking signals of `_total` can add to a complementarity.
        self.max_extra = (
            SHARED_CAP * (TARGET_WEIGHT + FIELD_WEIGHT + SDG_WEIGHT)
            + VIEWPOINT2_WEIGHT
            + max((w for _days, w in FRESH_DAYS), default=0)
        )

    def _check_masks(self) -> None:
        if max(len(ix) for ix in self._tag_ix) > 63:
            raise ValueError("more than 63 targets, fields or SDGs: widen the masks")

    # Keeping the index up to date without rebuilding it (the incremental refresh).

    def patch(
        self,
        profiles: Iterable[OrgProfile] = (),
        *,
        gone: Iterable[int] = (),
        dismissed: Iterable[tuple[int, int]] | None = None,
    ) -> None:
        """Bring the index up to date with these organizations as they are now (changed or
        new) and the `gone` ones (deleted or no longer published), in place: afterwards it
        ranks exactly as `Matcher(profiles now, model=self.model)` would. Weights stay the
        model's (Model.replace). `dismissed`: every dismissed pair, when they may have changed."""
        changed = list(profiles)
        changed += [
            OrgProfile(id=i, kind=self.profiles[i].kind, status="gone")
            for i in gone
            if i in self.profiles
        ]
        if dismissed is not None:
            self._set_dismissed(dismissed)
        for p in changed:
            self._patch_one(p)

    def _patch_one(self, p: OrgProfile) -> None:
        old = self.profiles.get(p.id)
        self.model.replace(p)
        self.profiles[p.id] = p
        for u in old.members if old is not None else ():
            self.by_member[u].remove(p.id)
        for u in p.members:
            self.by_member.setdefault(u, []).append(p.id)
        i = self.pos.get(p.id)
        if i is None:
            i = self.pos[p.id] = len(self.ids)
            self.ids = np.append(self.ids, p.id)
            for name in ("tmask", "fmask", "smask", "ward", "district", "side", "fresh"):
                setattr(self, name, np.append(getattr(self, name), 0))
            self.kind = np.append(self.kind, p.kind)
        t_ix, f_ix, s_ix = self._tag_ix
        self.tmask[i] = self._bits(p.targets, t_ix)
        self.fmask[i] = self._bits(p.fields, f_ix)
        self.smask[i] = self._bits(p.sdgs, s_ix)
        self._check_masks()
        if p.ward and p.ward not in self._ward_ix:
            self._ward_ix[p.ward] = len(self._ward_ix)
            self.near = np.pad(self.near, ((0, 1), (0, 1)))
        self.ward[i] = self._ward_ix[p.ward] if p.ward else -1
        if p.district and p.ward:
            self.district[i] = self._district_ix.setdefault(p.district, len(self._district_ix))
        else:
            self.district[i] = -1
        self.side[i] = 1 if p.kind == NEIGHBORHOOD_KIND else 2 if p.kind in THEME_KINDS else 0
        if len(p.kind) > self.kind.dtype.itemsize // 4:
            self.kind = self.kind.astype(f"<U{len(p.kind)}")
        self.kind[i] = p.kind
        self.fresh[i] = fresh_bonus(p.idle_days)
        for kind in ("need", "offer"):
            self._patch_side(kind, i, p)

    def _patch_side(self, kind: str, i: int, p: OrgProfile) -> None:
        """Drop organization i's listing rows of this side and append its current ones: the
        rows stay grouped by organization, as `_used`'s reduceat needs."""
        org_of = getattr(self, f"{kind}_org")
        keep = org_of != i
        mine = [j for j, lst in enumerate(p.listings) if lst.kind == kind] if p.eligible else []
        if keep.all() and not mine:
            return
        kept = np.flatnonzero(keep)
        rows = np.array([self.model.row[(p.id, j)] for j in mine], dtype=np.int64)
        X = sparse.vstack([getattr(self, f"{kind}_X")[kept], self.model.X[rows]]).tocsr()
        X.sort_indices()
        remap = np.cumsum(keep) - 1  # an old row's number among the kept ones
        post, touched = {}, set()
        for t, v in getattr(self, f"{kind}_post").items():
            live = keep[v]
            if not live.all():
                touched.add(t)
            if live.any():
                post[t] = remap[v[live]]
        for r, j in enumerate(mine):
            for slug in p.listings[j].resources:
                post[slug] = np.append(post.get(slug, np.zeros(0, dtype=np.int64)), len(kept) + r)
                touched.add(slug)
        org_of = np.concatenate([org_of[kept], np.full(len(mine), i, dtype=np.int64)])
        group = np.flatnonzero(np.r_[True, org_of[1:] != org_of[:-1]]) if len(org_of) else []
        setattr(self, f"{kind}_X", X)
        setattr(self, f"{kind}_XT", transposed(X))
        setattr(self, f"{kind}_owner", org_of[group].astype(np.int64))
        setattr(self, f"{kind}_start", np.asarray(group, dtype=np.int64))
        setattr(self, f"{kind}_post", post)
        setattr(self, f"{kind}_count", len(org_of))
        setattr(self, f"{kind}_org", org_of)
        new_sets = [self._set_id(kind, p.listings[j].resources) for j in mine]
        row_sets = getattr(self, f"{kind}_set")[kept]
        setattr(self, f"{kind}_set", np.concatenate([row_sets, np.array(new_sets, dtype=np.int64)]))
        org_post = getattr(self, f"{kind}_org_post")
        for t in touched:
            org_post.pop(t, None)
            if t in post:
                org_post[t] = np.unique(org_of[post[t]])

    def scores_as_partner(self, org_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores): every organization A that would rank `org_id` as a partner, with
        the total A's list would give it (what `suggest(A)` computes for that pair), scored
        for all A at once: A's needs met by its offers are `_used` of its offers (in full),
        its needs met by A's offers `_met` of its needs (at USED_PCT), and nearness, shared
        tags and the rest read from A's side."""
        x = self.profiles.get(org_id)
        if x is None or not x.eligible:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        met = self._used(*self._sides(x, "offer"), pct=100)
        used = self._met(*self._sides(x, "need")) * USED_PCT // 100
        mutual = (met > 0) & (used > 0)
        primary = met + used + MUTUAL_WEIGHT * mutual
        primary[self.pos[org_id]] = 0
        for b in self._excluded_ids(x):  # dismissals and shared members go both ways
            if b in self.pos:
                primary[self.pos[b]] = 0
        cand = np.flatnonzero(primary > 0)
        return self.ids[cand], self._total_as_partner(self.pos[org_id], cand, primary[cand])

    def _total_as_partner(self, x: int, cand: np.ndarray, primary: np.ndarray) -> np.ndarray:
        """`_total` the other way round: organization x as the partner of each candidate."""
        return self._totals(cand, x, primary)

    def pair(self, org_id: int, partner_id: int) -> Match | None:
        """One pair as `suggest(org_id)` would list it, with its reasons."""
        a, b = self.profiles[org_id], self.profiles[partner_id]
        return score_pair(a, b, self.model, self.neighbors, query_sims(self.model, a, [b]))

    # Complementarity of one organization against all, as arrays over organization positions.

    def _tag_floor(self, tag: str) -> int:
        """The value of a pair met by this exact tag when the two texts share no word."""
        floor = self._floors.get(tag)
        if floor is None:
            floor = int(pair_values([self.model.exact.get(tag, 0.0)], [0.0], [0.0])[0])
            self._floors[tag] = floor
        return floor

    def _overlap(self, X, others_t):
        """The cosines of these rows with the listings they share a word with, as CSR (TF-IDF
        weights are never negative: a pair sharing no word has cosine 0, and is left out)."""
        S = (X @ others_t).tocsr()
        S.data = np.round(S.data, 9)
        return S

    def _set_id(self, kind: str, tags: frozenset[str]) -> int:
        ids = self._set_ids[kind]
        return ids.setdefault(tags, len(ids))

    def _weight_table(self, other: str, tags: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """Exact and related tag weights (Model.weights) of a listing with these tags against
        each tag set of the `other` side's listings, by set number."""
        sets = self._set_ids[other]
        found = self._tables.get((other, tags))
        if found is None or len(found[0]) != len(sets):
            exact, related = np.zeros(len(sets)), np.zeros(len(sets))
            query = ListingData("", "", tags)
            for other_tags, i in sets.items():
                them = ListingData("", "", other_tags)
                need, offer = (them, query) if other == "need" else (query, them)
                exact[i], _tag, related[i], _need, _offer = self.model.weights(need, offer)
            found = self._tables[(other, tags)] = (exact, related)
        return found

    def _met(self, listings: list[ListingData], X) -> np.ndarray:
        """For each organization B: the sum over these need listings of B's best offer.

        A pair's value is its exact tag's floor when the texts share no word (pair_values
        with cosine 0), and that floor depends only on which tags B offers: it is set per
        organization from the tag's postings. Only the pairs that share a word (the sparse
        product of the texts) go through the whole formula."""
        total = np.zeros(len(self.ids), dtype=np.int64)
        if not listings or not self.offer_count:
            return total
        S = self._overlap(X, self.offer_XT)
        for a, need in enumerate(listings):
            best = np.zeros(len(self.ids), dtype=np.int64)
            for t in need.resources:
                orgs = self.offer_org_post.get(t)
                if orgs is not None:
                    best[orgs] = np.maximum(best[orgs], self._tag_floor(t))
            lo, hi = S.indptr[a], S.indptr[a + 1]
            if hi > lo:
                idx, sim = S.indices[lo:hi], S.data[lo:hi]
                exact, related = self._weight_table("offer", need.resources)
                exact, related = exact[self.offer_set[idx]], related[self.offer_set[idx]]
                np.maximum.at(best, self.offer_org[idx], pair_values(exact, related, sim))
            total += best
        return total

    def _used(self, listings: list[ListingData], X, pct: int | None = None) -> np.ndarray:
        """For each organization B: the sum over B's need listings of the best of these offers
        (at USED_PCT percent, or `pct`); floors per tag and the word-sharing pairs apart, as
        in `_met`."""
        total = np.zeros(len(self.ids), dtype=np.int64)
        if not listings or not self.need_count:
            return total
        S = self._overlap(X, self.need_XT)
        best = np.zeros(self.need_count, dtype=np.int64)
        for a, offer in enumerate(listings):
            for u in offer.resources:
                idx = self.need_post.get(u)
                if idx is not None:
                    best[idx] = np.maximum(best[idx], self._tag_floor(u))
            lo, hi = S.indptr[a], S.indptr[a + 1]
            if hi > lo:
                idx, sim = S.indices[lo:hi], S.data[lo:hi]
                exact, related = self._weight_table("need", offer.resources)
                exact, related = exact[self.need_set[idx]], related[self.need_set[idx]]
                best[idx] = np.maximum(best[idx], pair_values(exact, related, sim))
        total[self.need_owner] += np.add.reduceat(best, self.need_start)
        return total * (USED_PCT if pct is None else pct) // 100

    def _sides(self, p: OrgProfile, kind: str):
        idx = [i for i, lst in enumerate(p.listings) if lst.kind == kind]
        rows = [self.model.row[(p.id, i)] for i in idx]
        return [p.listings[i] for i in idx], take_rows(self.model.X, rows)

    def _primary(self, p: OrgProfile) -> tuple[np.ndarray, np.ndarray]:
        met = self._met(*self._sides(p, "need"))
        used = self._used(*self._sides(p, "offer"))
        mutual = (met > 0) & (used > 0)
        return met + used + MUTUAL_WEIGHT * mutual, mutual

    def _total(self, a: int, cand: np.ndarray, primary: np.ndarray) -> np.ndarray:
        """Complementarity scaled by nearness plus the tie-breaking signals of `secondary`,
        for many candidates at once."""
        return self._totals(a, cand, primary)

    def _totals(self, owner, partner, primary: np.ndarray) -> np.ndarray:
        """The total a list owner's list gives a partner (one side a position, the other an
        array of positions): complementarity scaled by nearness (地区, ward, neighboring
        ward, far; less for the same kind), plus shared targets, fields and SDGs, the
        viewpoint ② pairing and the partner's freshness."""
        score = 0
        for weight, masks in (
            (TARGET_WEIGHT, self.tmask),
            (FIELD_WEIGHT, self.fmask),
            (SDG_WEIGHT, self.smask),
        ):
            shared = np.bitwise_count(masks[owner] & masks[partner]).astype(np.int64)
            score = score + weight * np.minimum(SHARED_CAP, shared)
        wa, wb = self.ward[owner], self.ward[partner]
        known = (wa >= 0) & (wb >= 0)
        same = known & (wa == wb)
        near = known & self.near[np.where(wa >= 0, wa, 0), np.where(wb >= 0, wb, 0)] & ~same
        far = known & ~same & ~near
        npct = self.model.near_pct
        pct = npct["same"] * same + npct["neighboring"] * near + npct["far"] * far
        da, db = self.district[owner], self.district[partner]
        pct = pct + (npct["district"] - npct["same"]) * (same & (da >= 0) & (da == db))
        pct = pct - SAME_KIND_PCT * (self.kind[owner] == self.kind[partner])
        sa, sb = self.side[owner], self.side[partner]
        score = score + VIEWPOINT2_WEIGHT * ((sa != 0) & (sb != 0) & (sa != sb))
        return primary * (100 + pct) // 100 + score + self.fresh[partner]

    def _prune(self, cand: np.ndarray, primary: np.ndarray, k: int) -> np.ndarray:
        """Leave out the candidates that cannot reach the top k whatever the tie-breaking
        signals add: a candidate's total lies between its complementarity at the lowest
        nearness percent and at the highest plus every extra point. Whoever's highest total
        stays under the k-th best lowest total is out; the rest are scored in full."""
        npct = self.model.near_pct.values()
        low = primary * (100 - SAME_KIND_PCT + min(0, *npct)) // 100
        high = primary * (100 + max(0, *npct)) // 100 + self.max_extra
        kth = np.partition(low, len(low) - k)[len(low) - k]
        return cand[high >= kth]

    def candidates(self, profile: OrgProfile) -> set[int]:
        """Every organization that complements `profile` in either direction, whether or not it
        would be excluded."""
        if profile.id not in self.profiles or not profile.eligible:
            return set()
        primary, _mutual = self._primary(profile)
        return set(self.ids[primary > 0].tolist())

    def _excluded_ids(self, a: OrgProfile) -> set[int]:
        out = {a.id} | self.dismissed.get(a.id, set())
        for u in a.members:
            out.update(self.by_member.get(u, ()))
        return out

    def suggest(self, org_id: int, *, k: int = DEFAULT_K) -> list[Match]:
        """The k best partners for one organization, best first (ties: lower id first);
        exactly what brute_force_suggest returns."""
        a = self.profiles.get(org_id)
        if a is None or not a.eligible or k <= 0:
            return []
        primary, _mutual = self._primary(a)
        for b in self._excluded_ids(a):
            if b in self.pos:
                primary[self.pos[b]] = 0
        cand = np.flatnonzero(primary > 0)
        if not len(cand):
            return []
        if len(cand) > 4 * k:
            cand = self._prune(cand, primary[cand], k)
        total = self._total(self.pos[org_id], cand, primary[cand])
        if len(cand) > k:
            kth = np.partition(total, len(total) - k)[len(total) - k]
            keep = total >= kth
            cand, total = cand[keep], total[keep]
        order = np.lexsort((self.ids[cand], -total))[:k]
        out = []
        kept = [self.profiles[int(self.ids[cand[i]])] for i in order]
        qsims = query_sims(self.model, a, kept)
        for i in order:
            b = int(self.ids[cand[i]])
            # Reasons for the few kept; the reference scorer writes them (and must agree).
            match = score_pair(a, self.profiles[b], self.model, self.neighbors, qsims)
            out.append(Match(a.id, b, int(total[i]), match.mutual, match.reasons))
        return worth_a_call(out)

    def suggest_all(self, *, k: int = DEFAULT_K, ids: Iterable[int] | None = None):
        """(org id, top-k) for every eligible organization, or for `ids` only."""
        for org_id in self.profiles if ids is None else ids:
            yield org_id, self.suggest(org_id, k=k)

    def needing(
        self,
        offers: Iterable[str],
        *,
        words: Iterable[str] = (),
        owner_id: int | None = None,
        ward: str | None = None,
        k: int = 10,
        min_score: int = round(COMPLEMENT_WEIGHT * EXACT_FLOOR),
    ) -> list[tuple[int, int, list[tuple[str, str, int]]]]:
        """The organizations whose needs a (new) offer meets best, as (org id, score,
        [(need tag, offer tag, value)]), best first: reverse alerts, a saved search run
        backwards, on the same listing-pair formula as suggestions (tags and `words`). The
        owner and organizations sharing a member with it are left out; the same or a
        neighboring ward breaks near-ties."""
        offer = ListingData("offer", "", frozenset(offers), tuple(words))
        used = self._used([offer], self.model.vector(offer.words), pct=100)
        return [
            (b, score, self._why(self.profiles[b], offer))
            for b, score in self._best_near(used, owner_id, ward, k, min_score)
        ]

    def offering(
        self,
        needs: Iterable[str],
        *,
        words: Iterable[str] = (),
        owner_id: int | None = None,
        ward: str | None = None,
        k: int = 10,
        min_score: int = round(COMPLEMENT_WEIGHT * EXACT_FLOOR),
    ) -> list[tuple[int, int]]:
        """The organizations whose offers meet a (new) need best, as (org id, score), best
        first: `needing` the other way round, on the same listing-pair formula."""
        need = ListingData("need", "", frozenset(needs), tuple(words))
        met = self._met([need], self.model.vector(need.words))
        return self._best_near(met, owner_id, ward, k, min_score)

    def _best_near(self, values, owner_id, ward, k, min_score) -> list[tuple[int, int]]:
        """(org id, score) of the k best organizations by `values` at or above `min_score`,
        the owner and those sharing a member with it left out, the same or a neighboring ward
        scaling the value by the suggestions' nearness percents (so that, as there, nearness
        never lifts a text-only match past an exact one): the ranking of `needing` and
        `offering` alike."""
        owner = self.profiles.get(owner_id) if owner_id is not None else None
        excluded = self._excluded_ids(owner) if owner else set()
        near = self.neighbors.get(ward or "", frozenset())
        ranked = []
        for i in np.flatnonzero(values >= max(1, min_score)):
            b = int(self.ids[i])
            if b in excluded:
                continue
            score = int(values[i])
            b_ward = self.profiles[b].ward
            if ward and b_ward == ward:
                score = score * (100 + self.model.near_pct["same"]) // 100
            elif b_ward in near:
                score = score * (100 + self.model.near_pct["neighboring"]) // 100
            ranked.append((-score, b))
        return [(b, -neg_score) for neg_score, b in sorted(ranked)[:k]]

    def _why(self, b: OrgProfile, offer: ListingData) -> list[tuple[str, str, int]]:
        found = []
        row = self.model.vector(offer.words)
        for i, need in enumerate(b.listings):
            if need.kind != "need":
                continue
            other = transposed(self.model.X[[self.model.row[(b.id, i)]]])
            sim = float(sims(row, other)[0, 0])
            ew, et = self.model.exact_weight(need, offer)
            rw, rt, ru = self.model.related_weight(need, offer)
            value = int(pair_values([ew], [rw], [sim])[0])
            if value > 0:
                found.append((et, et, value) if ew > 0 else (rt, ru, value))
        return found

    def offer_search(
        self,
        offers: Iterable[str],
        *,
        words: Iterable[str] = (),
        text: str = "",
        owner_id: int | None = None,
        ward: str | None = None,
        skip_kinds: Iterable[str] = (),
        k: int = 10,
    ) -> list[Match]:
        """What an organization could offer, before it writes a listing: the organizations
        whose open needs it meets, ranked exactly as `needing` ranks them for a new offer, each
        with structured "offer_used" reasons (one per need met, best first) and the ward
        reason, in the same shape as a suggestion's. `skip_kinds` leaves kinds of partner out
        (a company asking whom it can help does not want other companies' calls for placements).
        """
        offer = ListingData("offer", "", frozenset(offers), tuple(words), text)
        skip = set(skip_kinds)
        near = self.neighbors.get(ward or "", frozenset())
        out = []
        for b_id, score, _why in self.needing(
            offer.resources, words=offer.words, owner_id=owner_id, ward=ward, k=len(self.ids)
        ):
            b = self.profiles[b_id]
            if b.kind in skip:
                continue
            reasons = self._offer_reasons(b, offer)
            if ward and b.ward == ward:
                reasons.append({"type": "same_ward", "ward": ward})
            elif b.ward in near:
                reasons.append({"type": "neighboring_ward", "ward": b.ward})
            out.append(Match(owner_id or 0, b_id, score, False, tuple(reasons)))
            if len(out) >= k:
                break
        return out

    def _offer_reasons(self, b: OrgProfile, offer: ListingData) -> list[dict]:
        """B's needs this offer meets, as suggestion reasons, by the pair formula (best first)."""
        row = self.model.vector(offer.words)
        found = []
        for i, need in enumerate(b.listings):
            if need.kind != "need":
                continue
            other = transposed(self.model.X[[self.model.row[(b.id, i)]]])
            sim = float(sims(row, other)[0, 0])
            ew, et = self.model.exact_weight(need, offer)
            rw, rt, ru = self.model.related_weight(need, offer)
            value = pair_value(ew, rw, sim)
            if value <= 0:
                continue
            match = _branch(ew, rw, sim)
            tags = (et, et) if ew > 0 else (rt, ru)
            need_tag, offer_tag = tags if match != "text" else ("", "")
            found.append(
                (-value, i, {"type": "offer_used", "need": need_tag, "offer": offer_tag,
                             "match": match, "need_title": need.title, "need_listing": need.id,
                             "offer_title": offer.title, "words": _display_words(need, offer),
                             "value": value})
            )  # fmt: skip
        return [reason for _v, _i, reason in sorted(found, key=lambda f: (f[0], f[1]))]

    def best_tie(self, org_id: int, new: ListingData) -> dict | None:
        """Which listing of organization `org_id` a new listing ties to best, by the pair formula:
        {"need_title", "offer_title", "match", "words"} (its need that a new offer meets, or its
        offer that meets a new need), or None: what a reverse alert says in words."""
        b = self.profiles.get(org_id)
        if b is None:
            return None
        row = self.model.vector(new.words)
        best = None
        for i, other in enumerate(b.listings):
            if other.kind == new.kind or (b.id, i) not in self.model.row:
                continue
            need, offer = (other, new) if new.kind == "offer" else (new, other)
            sim = float(sims(row, transposed(self.model.X[[self.model.row[(b.id, i)]]]))[0, 0])
            ew, _et = self.model.exact_weight(need, offer)
            rw, _rt, _ru = self.model.related_weight(need, offer)
            value = pair_value(ew, rw, sim)
            if value > 0 and (best is None or value > best[0]):
                best = (value, {"need_title": need.title, "offer_title": offer.title,
                                "match": _branch(ew, rw, sim),
                                "words": _display_words(need, offer)})  # fmt: skip
        return best[1] if best else None

    def affected_by(self, profile: OrgProfile) -> set[int]:
        """The organizations whose suggestions a change to `profile` can alter: those it
        complements now (the caller adds those that listed it before the change)."""
        return self.candidates(profile) | {profile.id}


# --- Reasons in words --------------------------------------------------------------------------

KIND_LABELS = {
    "npo": ("NPO・市民活動団体", "NPO"),
    "university": ("大学・学校", "university or school"),
    "company": ("企業", "company"),
    "youth_group": ("若者団体", "youth group"),
    "neighborhood_association": ("町内会・自治会", "neighborhood association"),
    "public": ("公共・支援機関", "public body"),
}

Label = Callable[[str, str, str], str]  # (facet, slug, lang) → label


def _slug_label(facet: str, slug: str, lang: str) -> str:
    return slug


SENTENCES: dict[str, tuple[str, str]] = {
    "need_met": (
        "貴団体の『{need}』の募集に、{partner}の『{offer}』の提供が合っています",
        "Your call for “{need}” is met by {partner}'s offer of “{offer}”.",
    ),
    "offer_used": (
        "{partner}の『{need}』の募集に、貴団体の『{offer}』の提供が役立ちます",
        "{partner} is looking for “{need}”; your offer of “{offer}” can help.",
    ),
    "mutual": (
        "お互いの募集と提供がかみ合う、双方向の組み合わせです",
        "A two-way match: each of you offers what the other needs.",
    ),
    "shared_targets": (
        "同じ対象（{tags}）に向けて活動しています",
        "You both work for: {tags}.",
    ),
    "shared_fields": ("活動分野（{tags}）が共通しています", "You share the fields: {tags}."),
    "shared_sdgs": ("SDGs（{tags}）が共通しています", "You share the SDGs: {tags}."),
    "same_ward": ("同じ{ward}で活動しています", "You are both active in {ward}."),
    "same_district": (
        "同じ{ward}の{district}で活動しています",
        "You are both active in {district}, {ward}.",
    ),
    "neighboring_ward": (
        "{partner}は隣接する{ward}で活動しています",
        "{partner} is active in neighboring {ward}.",
    ),
    "viewpoint2": (
        "町内会と{kind}が組む、地縁×テーマ型の協働です",
        "A neighborhood association with a {kind}: rooted in the neighborhood, driven by a theme.",
    ),
}
# need_met / offer_used written by matcher v2 quote both listings and what ties them.
PAIR_SENTENCES: dict[str, tuple[str, str]] = {
    "need_met": (
        "貴団体の募集『{need_title}』に、{partner}の提供『{offer_title}』が合っています（{tie}）",
        "Your need “{need_title}” meets {partner}'s offer “{offer_title}” ({tie}).",
    ),
    "offer_used": (
        "{partner}の募集『{need_title}』に、貴団体の提供『{offer_title}』が役立ちます（{tie}）",
        "{partner}'s need “{need_title}” meets your offer “{offer_title}” ({tie}).",
    ),
}
TIES: dict[str, tuple[str, str]] = {
    "exact": ("どちらも『{need}』", "both “{need}”"),
    "related": ("『{need}』と『{offer}』", "“{need}” and “{offer}”"),
    "text": ("", ""),
}
SENTENCES["fresh"] = ("最近更新された募集・提供があります", "Its listings were updated lately.")
TAG_FACETS = {"shared_targets": "target", "shared_fields": "field", "shared_sdgs": "sdg"}


def render_reason(reason: Mapping, *, lang: str, partner: str, label: Label = _slug_label) -> str:
    """One short sentence for one structured reason, in Japanese or English. An unknown reason
    type (say, from a newer release) renders as "" and is skipped, never shown raw."""
    kind = reason.get("type", "")
    if kind not in SENTENCES:
        return ""
    lang = "en" if (lang or "ja").lower().startswith("en") else "ja"
    values = {"partner": partner}
    for key in ("need", "offer"):
        if key in reason:
            values[key] = label("resource", reason[key], lang)
    if "ward" in reason:
        values["ward"] = label("area", reason["ward"], lang)
    if "district" in reason:
        values["district"] = label("district", reason["district"], lang)
    if kind in TAG_FACETS:
        names = [label(TAG_FACETS[kind], slug, lang) for slug in reason.get("tags", [])]
        values["tags"] = (", " if lang == "en" else "、").join(names)
    if kind in PAIR_SENTENCES and reason.get("need_title") and reason.get("offer_title"):
        return _pair_sentence(reason, lang=lang, values=values)
    if kind == "viewpoint2":
        ja, en = KIND_LABELS.get(
            reason.get("theme_kind", ""), ("テーマ型団体", "theme-based group")
        )
        values["kind"] = en if lang == "en" else ja
    return SENTENCES[kind][1 if lang == "en" else 0].format(**values)


def _pair_sentence(reason: Mapping, *, lang: str, values: dict) -> str:
    en = lang == "en"
    tie = TIES.get(reason.get("match", ""), TIES["text"])[1 if en else 0].format(**values)
    words = reason.get("words") or []
    if words:
        said = ", ".join(words) if en else "・".join(words)
        said = f"shared words: {said}" if en else f"共通の言葉「{said}」"
        tie = f"{tie}; {said}" if en and tie else f"{tie}、{said}" if tie else said
    if not tie:
        return ""  # nothing to say why: show nothing rather than an empty promise
    values = {**values, "tie": tie, "need_title": reason["need_title"],
              "offer_title": reason["offer_title"]}  # fmt: skip
    return PAIR_SENTENCES[reason["type"]][1 if en else 0].format(**values)
