"""The 交流会 table planner, on plain data (no database)."""

import random
import statistics

import pytest

from frontend.console.planner import (
    Party,
    pair_value,
    plan_tables,
    random_seating,
    seating_value,
)

KINDS = ["neighborhood_association", "npo", "company", "university", "youth_group", "public"]


def crowd(n_people=60, seed=7, n_tags=15):
    rng = random.Random(seed)
    tags = [f"資源{i}" for i in range(n_tags)]
    parties, people, key = [], 0, 0
    while people < n_people:
        size = min(rng.choice([1, 1, 2, 2, 3]), n_people - people)
        parties.append(
            Party(
                key=key,
                name=f"団体{key}",
                kind=rng.choice(KINDS),
                people=size,
                needs=frozenset(rng.sample(tags, rng.randint(1, 3))),
                offers=frozenset(rng.sample(tags, rng.randint(1, 3))),
            )
        )
        people += size
        key += 1
    introduced = {frozenset(rng.sample(range(key), 2)) for _ in range(15)}
    return parties, introduced


def test_the_plan_beats_every_one_of_fifty_random_seatings():
    parties, introduced = crowd()
    plan = plan_tables(parties, table_size=6, introduced=introduced)
    randoms = [
        seating_value(random_seating(parties, table_size=6, seed=s), introduced) for s in range(50)
    ]
    assert plan.value > max(randoms)
    assert plan.value > 1.5 * statistics.mean(randoms)


def test_each_organization_sits_at_one_table():
    parties, introduced = crowd()
    plan = plan_tables(parties, introduced=introduced)
    seated = [p.key for t in plan.tables for p in t.parties]
    assert sorted(seated) == sorted(p.key for p in parties)


def test_no_table_seats_more_than_the_table_size():
    parties, introduced = crowd()
    plan = plan_tables(parties, table_size=5, introduced=introduced)
    assert max(t.people for t in plan.tables) <= 5


def test_everyone_is_seated_with_few_tables_to_spare():
    parties, introduced = crowd(n_people=60)
    plan = plan_tables(parties, table_size=6, introduced=introduced)
    assert sum(t.people for t in plan.tables) == 60
    assert len(plan.tables) <= 11


def test_complementary_organizations_share_a_table_with_the_reason():
    food = Party(1, "子ども食堂", "npo", 2, needs=frozenset({"食材"}))
    farm = Party(2, "農家", "company", 2, offers=frozenset({"食材"}))
    others = [Party(k, f"他{k}", "npo", 2) for k in range(3, 7)]
    plan = plan_tables([food, *others, farm], table_size=4)
    table = next(t for t in plan.tables if food in t.parties)
    assert farm in table.parties
    assert [(m.needer, m.offerer, m.tag) for m in table.matches] == [("子ども食堂", "農家", "食材")]


def test_a_pair_already_introduced_gains_nothing_from_sitting_together():
    food = Party(1, "子ども食堂", "npo", needs=frozenset({"食材"}))
    farm = Party(2, "農家", "npo", offers=frozenset({"食材"}))
    assert pair_value(food, farm) == 1
    assert pair_value(food, farm, {frozenset({1, 2})}) == 0


def test_mixing_kinds_is_preferred_when_nothing_else_differs():
    parties = [Party(i, f"町内会{i}", "neighborhood_association") for i in range(3)]
    parties += [Party(10 + i, f"NPO{i}", "npo") for i in range(3)]
    plan = plan_tables(parties, table_size=2)
    assert all(len(t.kinds) == 2 for t in plan.tables)


def test_an_organization_larger_than_a_table_gets_its_own():
    big = Party(1, "大学", "university", people=8)
    plan = plan_tables([big, Party(2, "NPO", "npo", 2)], table_size=6)
    assert [p.name for p in plan.tables[0].parties] == ["大学"]


def test_the_same_attendees_get_the_same_plan():
    parties, introduced = crowd()
    first = plan_tables(parties, introduced=introduced)
    second = plan_tables(parties, introduced=introduced)
    assert [[p.key for p in t.parties] for t in first.tables] == [
        [p.key for p in t.parties] for t in second.tables
    ]


def test_no_attendees_give_an_empty_plan():
    assert plan_tables([]).tables == []


def test_a_table_for_one_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        plan_tables([Party(1, "A", "npo")], table_size=1)


def test_an_organization_listed_twice_is_refused():
    with pytest.raises(ValueError, match="listed twice"):
        plan_tables([Party(1, "A", "npo"), Party(1, "A", "npo")])


def test_nobody_sits_nearly_alone_while_other_tables_are_full():
    # Four groups of 3 + 2 + 1 people who all need each other fill four tables exactly; left
    # to the value alone, the organization nobody needs would sit by itself at the fifth.
    loner = Party(0, "誰とも補い合わない団体", "npo", people=3)
    groups = []
    for g in range(4):
        tag = frozenset({f"資源{g}"})
        groups += [
            Party(f"{g}a", f"団体{g}a", "npo", people=3, needs=tag),
            Party(f"{g}b", f"団体{g}b", "npo", people=2, offers=tag),
            Party(f"{g}c", f"団体{g}c", "npo", people=1, needs=tag, offers=tag),
        ]
    plan = plan_tables([loner, *groups], table_size=6)
    assert min(t.people for t in plan.tables) >= 4
