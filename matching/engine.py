"""The matcher: pure scoring over plain data. No Django import here on purpose, so the engine can be
unit-tested and benchmarked alone; matching.services loads the data and stores the results.

Score(A, B), in thousandths of a point (integers, so the indexed engine and the brute-force
reference add up to exactly the same numbers):

1. Complementarity first. Each of A's needs is met by B's best-fitting offer (the same resource
   tag, or a related one from COMPLEMENTS at a lower strength), weighted by rarity (smoothed IDF
   over the tags of all open listings); the same for B's needs met by A's offers. No
   complementarity, no suggestion.
2. Then shared targets, fields and SDGs (each capped), same ward (neighboring ward a little), the
   pairing of a 町内会 with a theme-based partner (viewpoint ②), and a bonus when each side meets
   a need of the other (the pair is marked mutual).

Excluded: the organization itself, organizations sharing a member with it, dismissed pairs
(either direction), and organizations that are not published.

Candidates come from inverted indexes (offered tag → organizations, needed tag → organizations),
never from a scan of all pairs; the best k are chosen with an upper bound on what the secondary
signals can add, so most candidates are never scored in full.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from profiles.kinds import NEIGHBORHOOD_ASSOCIATION as NEIGHBORHOOD_KIND
from profiles.kinds import THEME_KINDS

PUBLIC_STATUS = "published"
DEFAULT_K = 20

COMPLEMENT_WEIGHT = 3000  # per matched tag, times its IDF (≥ 1)
TARGET_WEIGHT = 800
FIELD_WEIGHT = 600
SDG_WEIGHT = 200
SHARED_CAP = 3  # shared targets / fields / SDGs count up to three each
# A partner in the same ward counts as much as one commonly matched resource: a coordinator picks
# the neighbour over a far-away twin with the same offers (measured on tests/data/demo_truth.json:
# MRR 0.628 → 0.708 against 1000/400, with the labelled set of matching_truth.json still passing).
SAME_WARD_WEIGHT = 3000
NEIGHBORING_WARD_WEIGHT = 1000
VIEWPOINT2_WEIGHT = 1000
MUTUAL_WEIGHT = 1500

# Needs that an offer of a different resource tag also meets, at a lower strength (the same tag
# always meets itself at 1.0). Read as: a call for "successors" is met by "youth-participation"
# at 0.8. Kept here, beside the weights, because it is the matcher's domain knowledge.
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
class OrgProfile:
    """What the matcher knows of one organization. needs/offers map a resource tag slug to the
    titles of the open listings carrying it; targets also come from listings."""

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

    @property
    def eligible(self) -> bool:
        return self.status == PUBLIC_STATUS


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


# --- Rarity and complement weights ------------------------------------------------------------


def tag_idf(profiles: Iterable[OrgProfile]) -> dict[str, float]:
    """Smoothed IDF of each resource tag over the open listings of eligible organizations:
    ln((1 + N) / (1 + df)) + 1, where df counts the listings carrying the tag and N all
    tag uses. Always ≥ 1, so a common tag still counts."""
    df: dict[str, int] = {}
    for p in profiles:
        if not p.eligible:
            continue
        for side in (p.needs, p.offers):
            for slug, titles in side.items():
                df[slug] = df.get(slug, 0) + max(1, len(titles))
    total = sum(df.values())
    return {slug: math.log((1 + total) / (1 + n)) + 1.0 for slug, n in df.items()}


def weight_table(
    idf: Mapping[str, float], complements: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, int]]:
    """need slug → {offer slug: integer weight}. A tag nobody uses (e.g. removed from the
    vocabulary) simply has no row: it never matches and never crashes scoring."""
    table: dict[str, dict[str, int]] = {}
    for need, need_idf in idf.items():
        row = {need: round(COMPLEMENT_WEIGHT * need_idf)}
        for offer, strength in complements.get(need, {}).items():
            if offer in idf and offer != need:
                row[offer] = round(COMPLEMENT_WEIGHT * strength * (need_idf + idf[offer]) / 2)
        table[need] = row
    return table


def best_matches(
    needs: Mapping[str, tuple[str, ...]],
    offers: Mapping[str, tuple[str, ...]],
    table: Mapping[str, Mapping[str, int]],
) -> list[tuple[str, str, int]]:
    """For each need, the offer that meets it best: (need, offer, weight). Ties prefer the same
    tag, then the alphabetically first slug, so the reason shown is stable."""
    found = []
    for need in sorted(needs):
        row = table.get(need)
        if not row:
            continue
        best = min(
            ((-weight, offer != need, offer) for offer, weight in row.items() if offer in offers),
            default=None,
        )
        if best:
            found.append((need, best[2], -best[0]))
    return found


# --- The reference scorer: plain sets, one pair at a time -------------------------------------


def score_pair(
    a: OrgProfile,
    b: OrgProfile,
    table: Mapping[str, Mapping[str, int]],
    neighbors: Mapping[str, Iterable[str]],
) -> Match | None:
    """Score B as a partner for A, with reasons; None when nothing complements."""
    needs_met = best_matches(a.needs, b.offers, table)
    offers_used = best_matches(b.needs, a.offers, table)
    if not needs_met and not offers_used:
        return None
    score = sum(w for _, _, w in needs_met) + sum(w for _, _, w in offers_used)
    reasons: list[dict] = []
    for need, offer, _w in needs_met:
        reasons.append(
            {"type": "need_met", "need": need, "offer": offer,
             "need_titles": list(a.needs[need]), "offer_titles": list(b.offers[offer])}
        )  # fmt: skip
    for need, offer, _w in offers_used:
        reasons.append(
            {"type": "offer_used", "need": need, "offer": offer,
             "need_titles": list(b.needs[need]), "offer_titles": list(a.offers[offer])}
        )  # fmt: skip
    mutual = bool(needs_met and offers_used)
    if mutual:
        score += MUTUAL_WEIGHT
        reasons.append({"type": "mutual"})
    for kind, weight, mine, theirs in (
        ("shared_targets", TARGET_WEIGHT, a.targets, b.targets),
        ("shared_fields", FIELD_WEIGHT, a.fields, b.fields),
        ("shared_sdgs", SDG_WEIGHT, a.sdgs, b.sdgs),
    ):
        shared = sorted(set(mine) & set(theirs))
        if shared:
            score += weight * min(SHARED_CAP, len(shared))
            reasons.append({"type": kind, "tags": shared})
    if a.ward and a.ward == b.ward:
        score += SAME_WARD_WEIGHT
        reasons.append({"type": "same_ward", "ward": a.ward})
    elif a.ward and b.ward and b.ward in neighbors.get(a.ward, ()):
        score += NEIGHBORING_WARD_WEIGHT
        reasons.append({"type": "neighboring_ward", "ward": b.ward})
    if is_viewpoint2(a.kind, b.kind):
        score += VIEWPOINT2_WEIGHT
        theme_kind = b.kind if a.kind == NEIGHBORHOOD_KIND else a.kind
        reasons.append({"type": "viewpoint2", "theme_kind": theme_kind})
    return Match(a.id, b.id, score, mutual, tuple(reasons))


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
    table: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Match]:
    """The reference: score A against every organization, sort, keep k. O(N) per organization;
    used by the tests to check the indexed engine and by the benchmark as the baseline."""
    profiles = list(profiles)
    by_id = {p.id: p for p in profiles}
    a = by_id.get(org_id)
    if a is None or not a.eligible:
        return []
    if table is None:
        table = weight_table(tag_idf(profiles), COMPLEMENTS if complements is None else complements)
    neighbors = neighbors or {}
    dismissed_pairs = {pair_key(x, y) for x, y in dismissed}
    found = []
    for b in profiles:
        if _excluded(a, b, dismissed_pairs):
            continue
        match = score_pair(a, b, table, neighbors)
        if match:
            found.append(match)
    found.sort(key=lambda m: (-m.score, m.partner_id))
    return found[:k]


# --- The indexed engine ----------------------------------------------------------------------


def _add(x: dict[int, int], y: dict[int, int], bonus: int = 0) -> dict[int, int]:
    """x + y as a new dict (plus `bonus` where both have a key). The bulk is copied in C; only
    the keys both share are added up in Python."""
    merged = {**y, **x}
    for b in x.keys() & y.keys():
        merged[b] = x[b] + y[b] + bonus
    return merged


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
    ):
        self.profiles: dict[int, OrgProfile] = {p.id: p for p in profiles}
        self.neighbors = {w: frozenset(ns) for w, ns in (neighbors or {}).items()}
        self.idf = tag_idf(self.profiles.values())
        self.table = weight_table(self.idf, COMPLEMENTS if complements is None else complements)
        self.dismissed: dict[int, set[int]] = {}
        for x, y in dismissed:
            self.dismissed.setdefault(x, set()).add(y)
            self.dismissed.setdefault(y, set()).add(x)
        self._build()

    def _build(self) -> None:
        bits: dict[str, int] = {}

        def mask(slugs) -> int:
            m = 0
            for s in slugs:
                m |= 1 << bits.setdefault(s, len(bits))
            return m

        ward_bits: dict[str, int] = {}

        def ward_bit(slug) -> int:
            return 0 if not slug else 1 << ward_bits.setdefault(slug, len(ward_bits))

        self.offered_by: dict[str, list[int]] = {}
        self.needed_by: dict[str, list[int]] = {}
        self.by_member: dict[int, list[int]] = {}
        # Per organization: (targets mask, fields mask, sdgs mask, ward bit, side) where side is
        # 1 for a 町内会, 2 for a theme-based kind, 0 otherwise.
        self.features: dict[int, tuple[int, int, int, int, int]] = {}
        for p in self.profiles.values():
            for u in p.members:
                self.by_member.setdefault(u, []).append(p.id)
            side = 1 if p.kind == NEIGHBORHOOD_KIND else 2 if p.kind in THEME_KINDS else 0
            self.features[p.id] = (
                mask(p.targets), mask(p.fields), mask(p.sdgs), ward_bit(p.ward), side
            )  # fmt: skip
            if not p.eligible:
                continue
            for slug in p.offers:
                self.offered_by.setdefault(slug, []).append(p.id)
            for slug in p.needs:
                self.needed_by.setdefault(slug, []).append(p.id)
        self.neighbor_mask = {
            ward_bit(w): sum(ward_bit(n) for n in ns) for w, ns in self.neighbors.items()
        }
        # For each need tag, every organization whose offers meet it, with the best weight:
        # built once here so that a query copies a dict (in C) instead of walking postings.
        self.need_weight: dict[str, dict[int, int]] = {}
        for need, row in self.table.items():
            best: dict[int, int] = {}
            for offer, w in sorted(row.items(), key=lambda item: item[1]):
                best.update(dict.fromkeys(self.offered_by.get(offer, ()), w))
            self.need_weight[need] = best

    def _complement(self, needs: Iterable[str]) -> dict[int, int]:
        """For each candidate B: the sum over A's needs of the best of B's offers meeting it."""
        total: dict[int, int] | None = None
        for slug in needs:
            weights = self.need_weight.get(slug)
            if not weights:
                continue
            total = dict(weights) if total is None else _add(total, weights)
        return total or {}

    def _reverse_complement(self, offers: Iterable[str]) -> dict[int, int]:
        """For each candidate B: the sum over B's needs of the best of A's offers meeting it."""
        offers = set(offers)
        total: dict[int, int] | None = None
        for need, row in self.table.items():
            w = max((row[o] for o in offers if o in row), default=0)
            needing = self.needed_by.get(need)
            if not w or not needing:
                continue
            more = dict.fromkeys(needing, w)
            total = more if total is None else _add(total, more)
        return total or {}

    def candidates(self, profile: OrgProfile) -> set[int]:
        """Every organization that complements `profile` in either direction (through the
        index), whether or not it would be excluded."""
        return set(self._complement(profile.needs)) | set(self._reverse_complement(profile.offers))

    def _excluded_ids(self, a: OrgProfile) -> set[int]:
        out = {a.id} | self.dismissed.get(a.id, set())
        for u in a.members:
            out.update(self.by_member.get(u, ()))
        return out

    def suggest(self, org_id: int, *, k: int = DEFAULT_K) -> list[Match]:
        """The k best partners for one organization, best first (ties: lower id first);
        exactly what brute_force_suggest returns, without scoring every organization."""
        a = self.profiles.get(org_id)
        if a is None or not a.eligible or k <= 0:
            return []
        # Primary score: complementarity both ways, plus the mutual bonus.
        met = self._complement(a.needs)
        used = self._reverse_complement(a.offers)
        base = _add(met, used, bonus=MUTUAL_WEIGHT)
        for b in self._excluded_ids(a):
            base.pop(b, None)
        if not base:
            return []
        ta, fa, sa, wa, side_a = self.features[a.id]
        near = self.neighbor_mask.get(wa, 0)
        ceiling = (
            TARGET_WEIGHT * min(SHARED_CAP, ta.bit_count())
            + FIELD_WEIGHT * min(SHARED_CAP, fa.bit_count())
            + SDG_WEIGHT * min(SHARED_CAP, sa.bit_count())
            + (SAME_WARD_WEIGHT if wa else 0)
            + (VIEWPOINT2_WEIGHT if side_a else 0)
        )
        # The k-th best primary score is a floor for the k-th best total: a candidate whose
        # primary score plus the most the secondary signals could add stays under it is out.
        # (Lists of plain ints, not tuples: a tuple per candidate would wake the garbage
        # collector, which then walks the whole index.)
        if len(base) > k:
            cut = heapq.nlargest(k, base.values())[-1] - ceiling
            candidates = [b for b, v in base.items() if v >= cut]
        else:
            candidates = list(base)
        candidates.sort(key=base.__getitem__, reverse=True)
        heap: list[tuple[int, int]] = []  # (score, -partner id): the k best so far
        features = self.features
        for b in candidates:
            score = base[b]
            if len(heap) >= k and score + ceiling < heap[0][0]:
                break  # nothing below can reach the k-th best
            tb, fb, sb, wb, side_b = features[b]
            if ta & tb:
                score += TARGET_WEIGHT * min(SHARED_CAP, (ta & tb).bit_count())
            if fa & fb:
                score += FIELD_WEIGHT * min(SHARED_CAP, (fa & fb).bit_count())
            if sa & sb:
                score += SDG_WEIGHT * min(SHARED_CAP, (sa & sb).bit_count())
            if wa:
                if wa == wb:
                    score += SAME_WARD_WEIGHT
                elif near & wb:
                    score += NEIGHBORING_WARD_WEIGHT
            if side_a and side_b and side_a != side_b:
                score += VIEWPOINT2_WEIGHT
            item = (score, -b)
            if len(heap) < k:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        ranked = sorted(heap, reverse=True)
        out = []
        for score, neg_b in ranked:
            # Reasons for the few kept; the reference scorer writes them (and must agree).
            match = score_pair(a, self.profiles[-neg_b], self.table, self.neighbors)
            out.append(Match(a.id, -neg_b, score, match.mutual, match.reasons))
        return out

    def suggest_all(self, *, k: int = DEFAULT_K, ids: Iterable[int] | None = None):
        """(org id, top-k) for every eligible organization, or for `ids` only."""
        for org_id in self.profiles if ids is None else ids:
            yield org_id, self.suggest(org_id, k=k)

    def needing(
        self,
        offers: Iterable[str],
        *,
        owner_id: int | None = None,
        ward: str | None = None,
        k: int = 10,
        min_score: int = COMPLEMENT_WEIGHT // 2,
    ) -> list[tuple[int, int, list[tuple[str, str, int]]]]:
        """The organizations whose needs a (new) offer with these resource tags meets best, as
        (org id, score, [(need, offer, weight)]), best first: reverse alerts, like a saved
        search run backwards. The owner and organizations sharing a member with it are left
        out; the same or a neighboring ward breaks near-ties."""
        offers = dict.fromkeys(offers, ())
        met = self._reverse_complement(offers)
        owner = self.profiles.get(owner_id) if owner_id is not None else None
        excluded = self._excluded_ids(owner) if owner else set()
        near = self.neighbors.get(ward or "", frozenset())
        ranked = []
        for b, score in met.items():
            if b in excluded or score < min_score:
                continue
            b_ward = self.profiles[b].ward
            if ward and b_ward == ward:
                score += SAME_WARD_WEIGHT
            elif b_ward in near:
                score += NEIGHBORING_WARD_WEIGHT
            ranked.append((-score, b))
        out = []
        for neg_score, b in heapq.nsmallest(k, ranked):
            out.append((b, -neg_score, best_matches(self.profiles[b].needs, offers, self.table)))
        return out

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
    "neighboring_ward": (
        "{partner}は隣接する{ward}で活動しています",
        "{partner} is active in neighboring {ward}.",
    ),
    "viewpoint2": (
        "町内会と{kind}が組む、地縁×テーマ型の協働です",
        "A neighborhood association with a {kind}: rooted in the neighborhood, driven by a theme.",
    ),
}
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
    if kind in TAG_FACETS:
        names = [label(TAG_FACETS[kind], slug, lang) for slug in reason.get("tags", [])]
        values["tags"] = (", " if lang == "en" else "、").join(names)
    if kind == "viewpoint2":
        ja, en = KIND_LABELS.get(
            reason.get("theme_kind", ""), ("テーマ型団体", "theme-based group")
        )
        values["kind"] = en if lang == "en" else ja
    return SENTENCES[kind][1 if lang == "en" else 0].format(**values)
