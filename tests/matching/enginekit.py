"""Plain-data builders for engine tests (no database)."""

import random

from core.vocabulary import FIELDS, NEIGHBORING_AREAS, RESOURCES, SDGS, TARGETS
from matching.engine import ListingData, OrgProfile

RESOURCE_SLUGS = [r[0] for r in RESOURCES]
TARGET_SLUGS = [t[0] for t in TARGETS]
FIELD_SLUGS = [f[0] for f in FIELDS]
SDG_SLUGS = [s[0] for s in SDGS]
WARDS = list(NEIGHBORING_AREAS)
KINDS = ["neighborhood_association", "npo", "company", "university", "youth_group", "public"]


def org(
    id, kind="npo", ward="aoba", needs=(), offers=(), need_words=(), offer_words=(), **kw
) -> OrgProfile:
    """An organization whose needs/offers are resource slugs, one listing each; need_words /
    offer_words: the content words of every need / offer listing (no text when not given)."""
    listings = tuple(
        ListingData(kind, f"{s} を{'募集' if kind == 'need' else '提供'}", frozenset({s}),
                    tuple(words), " ".join(words))
        for kind, slugs, words in (("need", needs, need_words), ("offer", offers, offer_words))
        for s in slugs
    )  # fmt: skip
    return OrgProfile(
        listings=listings,
        id=id,
        kind=kind,
        ward=ward,
        needs={s: (f"{s} を募集",) for s in needs},
        offers={s: (f"{s} を提供",) for s in offers},
        targets=frozenset(kw.pop("targets", ())),
        fields=frozenset(kw.pop("fields", ())),
        sdgs=frozenset(kw.pop("sdgs", ())),
        members=frozenset(kw.pop("members", ())),
        name=kw.pop("name", f"団体{id}"),
        **kw,
    )


WORD_POOL = [f"語{i}" for i in range(24)] + ["祭", "担イ手", "会計", "見守リ", "子供食堂", "集会"]


def random_directory(n: int, seed: int, *, skew: float = 1.1) -> list[OrgProfile]:
    """A synthetic directory with realistic, skewed tag frequencies (a few resources such as
    volunteers are common, most are rare), about three listings per organization."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) ** skew for i in range(len(RESOURCE_SLUGS))]

    def pick(pool, weights, count):
        return {rng.choices(pool, weights)[0] for _ in range(count)}

    def words():
        # A few words from a small pool, so texts overlap often (and sometimes not at all).
        return tuple(rng.sample(WORD_POOL, rng.randint(0, 4)))

    out = []
    for i in range(1, n + 1):
        listings = rng.choice([1, 2, 3, 3, 3, 4, 5])
        n_needs = rng.randint(0, listings)
        needs = pick(RESOURCE_SLUGS, weights, n_needs)
        offers = pick(RESOURCE_SLUGS, weights, listings - n_needs)
        out.append(
            OrgProfile(
                id=i,
                kind=rng.choice(KINDS),
                ward=rng.choice(WARDS + [None]) if rng.random() < 0.95 else None,
                listings=tuple(
                    ListingData(kind, f"{kind}{i}-{s}-{n}", frozenset({s}), words(), "")
                    for kind, slugs in (("need", needs), ("offer", offers))
                    for s in sorted(slugs)
                    for n in range(rng.randint(1, 2) if kind == "need" else 1)
                ),
                needs={s: (f"need{i}-{s}-0",) for s in needs},
                offers={s: (f"offer{i}-{s}-0",) for s in offers},
                targets=frozenset(rng.sample(TARGET_SLUGS, rng.randint(0, 2))),
                fields=frozenset(rng.sample(FIELD_SLUGS, rng.randint(0, 3))),
                sdgs=frozenset(rng.sample(SDG_SLUGS, rng.randint(0, 3))),
                members=frozenset(rng.sample(range(n * 2), rng.randint(0, 2))),
                status="published" if rng.random() < 0.93 else rng.choice(["draft", "suspended"]),
                name=f"団体{i}",
                district=rng.choice(["甲", "乙", None]),
            )
        )
    return out
