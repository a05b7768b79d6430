"""交流会 table planner: seat an exchange event's attendees at tables of N so that each table
holds as many complementary need↔offer pairs not yet introduced as possible.

Pure Python (no Django), so it is tested and benchmarked alone; the seating page turns confirmed
registrations into ``Party`` objects and renders the ``Plan``.

The problem
    Each party is one organization with its people (they always sit together) and its needs
    and offers (resource tags). Two parties at one table are worth

        w(a, b) = |a.needs ∩ b.offers| + |b.needs ∩ a.offers|     (0 if already introduced)
                  + KIND_BONUS if their kinds differ
                  + PAIRING_BONUS for a neighbourhood association with a theme-based group

    and a seating is worth the sum of w over every pair sharing a table. Maximising it is a
    graph partitioning problem with capacities (NP-hard), so the planner searches locally:

1. Tables: K = ceil(people / N), each seating at most N. A party larger than N gets a table of
   its own (it is never split).
2. Greedy start: parties from largest (hardest to fit) to most connected, each to the table
   where it adds the most value, ties to the emptiest table; when no table has room for it (seats
   fragmented), a new table opens.
3. Local search: keep gain[p][t] = Σ w(p, q) over the parties q at table t. Moving p from s to t
   gains gain[p][t] − gain[p][s]; swapping p (at s) with q (at t) gains
   gain[p][t] − gain[p][s] + gain[q][s] − gain[q][t] − 2·w(p, q). Before searching, tables
   left nearly empty by the greedy start are filled up to min_load (an even share less one) by
   moving in the parties that cost least, so nobody sits almost alone while other tables are
   full. Then apply the best improving move or swap that respects capacities and min_load,
   update gain in O(parties), and repeat until nothing improves (or MAX_ROUNDS). Every step
   strictly raises the total, so it terminates. One round is O(parties²); 200 attendees
   (~100 parties) take well under a second (tests/bench/bench_planner.py).
4. Reasons: for each table, the complementary pairs it holds (who needs what from whom), and
   the kinds it mixes.

Deterministic: the same input gives the same plan (ties break by input order).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from profiles.kinds import NEIGHBORHOOD_ASSOCIATION as NEIGHBORHOOD
from profiles.kinds import THEME_KINDS

DEFAULT_TABLE_SIZE = 6
KIND_BONUS = 0.3
PAIRING_BONUS = 0.2
MAX_ROUNDS = 2000


@dataclass(frozen=True)
class Party:
    """One organization at the event: its id, name, kind, how many people come, and the
    resource tags (any hashable labels) of its open needs and offers."""

    key: int | str
    name: str
    kind: str
    people: int = 1
    needs: frozenset = field(default_factory=frozenset)
    offers: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class Match:
    """At this table, ``needer`` needs ``tag`` and ``offerer`` offers it."""

    needer: str
    offerer: str
    tag: object


@dataclass
class Table:
    number: int
    parties: list[Party]
    matches: list[Match]
    kinds: list[str]
    value: float

    @property
    def people(self) -> int:
        return sum(p.people for p in self.parties)


@dataclass
class Plan:
    tables: list[Table]
    value: float
    table_size: int

    @property
    def matches(self) -> int:
        return sum(len(t.matches) for t in self.tables)


def _pair_key(a, b) -> frozenset:
    return frozenset((a, b))


def pair_value(a: Party, b: Party, introduced: set[frozenset] | frozenset = frozenset()) -> float:
    value = 0.0
    if _pair_key(a.key, b.key) not in introduced:
        value += len(a.needs & b.offers) + len(b.needs & a.offers)
    if a.kind != b.kind:
        value += KIND_BONUS
        if {a.kind, b.kind} & {NEIGHBORHOOD} and {a.kind, b.kind} & THEME_KINDS:
            value += PAIRING_BONUS
    return value


def seating_value(
    tables: Iterable[Sequence[Party]], introduced: set[frozenset] | frozenset = frozenset()
) -> float:
    """The total worth of a seating: w summed over every pair sharing a table."""
    return sum(pair_value(a, b, introduced) for t in tables for a, b in combinations(t, 2))


def _validate(parties: Sequence[Party], table_size: int) -> None:
    if table_size < 2:
        raise ValueError("a table seats at least 2 people")
    keys = [p.key for p in parties]
    if len(set(keys)) != len(keys):
        raise ValueError("an organization is listed twice")
    if any(p.people < 1 for p in parties):
        raise ValueError("each party has at least one person")


def plan_tables(
    parties: Sequence[Party],
    *,
    table_size: int = DEFAULT_TABLE_SIZE,
    introduced: set[frozenset] | frozenset = frozenset(),
) -> Plan:
    """Seat the parties; ``introduced`` holds frozenset({key_a, key_b}) of pairs already
    introduced, whose complementarity no longer counts."""
    _validate(parties, table_size)
    n = len(parties)
    if n == 0:
        return Plan(tables=[], value=0.0, table_size=table_size)
    w = [[0.0] * n for _ in range(n)]
    for i, j in combinations(range(n), 2):
        w[i][j] = w[j][i] = pair_value(parties[i], parties[j], introduced)
    people = [p.people for p in parties]

    # 1–2. Oversized parties alone; the others greedily.
    seats: list[list[int]] = []  # table -> party indexes
    load: list[int] = []
    where = [-1] * n
    for i in range(n):
        if people[i] >= table_size:
            where[i] = len(seats)
            seats.append([i])
            load.append(people[i])
    fixed = set(range(len(seats)))  # tables of one oversized party take nobody else
    rest = [i for i in range(n) if where[i] < 0]
    regular_people = sum(people[i] for i in rest)
    for _ in range(math.ceil(regular_people / table_size)):
        seats.append([])
        load.append(0)
    order = sorted(rest, key=lambda i: (-people[i], -sum(w[i]), i))
    for i in order:
        best, best_key = None, None
        for t in range(len(seats)):
            if t in fixed or load[t] + people[i] > table_size:
                continue
            key = (sum(w[i][j] for j in seats[t]), -load[t], -t)
            if best_key is None or key > best_key:
                best, best_key = t, key
        if best is None:
            best = len(seats)
            seats.append([])
            load.append(0)
        seats[best].append(i)
        load[best] += people[i]
        where[i] = best

    # 3. Local search over moves and swaps between regular tables.
    tables = [t for t in range(len(seats)) if t not in fixed]
    gain = [[0.0] * len(seats) for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j:
                gain[i][where[j]] += w[i][j]

    def relocate(i: int, to: int) -> None:
        frm = where[i]
        seats[frm].remove(i)
        seats[to].append(i)
        load[frm] -= people[i]
        load[to] += people[i]
        where[i] = to
        for j in range(n):
            if j != i:
                gain[j][frm] -= w[j][i]
                gain[j][to] += w[j][i]

    # Nobody should sit nearly alone while other tables are full: every regular table keeps at
    # least min_load people (one fewer than an even share), moving in whoever costs least.
    n_regular = len(tables)
    min_load = max(2, regular_people // n_regular - 1) if n_regular else 0

    def fits(t: int, new_load: int) -> bool:
        return new_load <= table_size and new_load >= min(min_load, load[t])

    for _ in range(2 * n):
        short = [t for t in tables if load[t] < min_load]
        if not short:
            break
        t = min(short, key=lambda x: (load[x], x))
        candidates = [
            i
            for i in rest
            if where[i] != t
            and load[t] + people[i] <= table_size
            and load[where[i]] - people[i] >= min_load
        ]
        if not candidates:
            break
        relocate(max(candidates, key=lambda i: (gain[i][t] - gain[i][where[i]], -i)), t)

    eps = 1e-9
    for _ in range(MAX_ROUNDS):
        best_delta, best_step = eps, None
        for i in rest:
            s = where[i]
            for t in tables:
                if t == s:
                    continue
                if fits(t, load[t] + people[i]) and fits(s, load[s] - people[i]):
                    delta = gain[i][t] - gain[i][s]
                    if delta > best_delta:
                        best_delta, best_step = delta, (i, t, None)
                for j in seats[t]:
                    if j < i:
                        continue  # each swap is looked at once
                    if not fits(t, load[t] - people[j] + people[i]):
                        continue
                    if not fits(s, load[s] - people[i] + people[j]):
                        continue
                    delta = gain[i][t] - gain[i][s] + gain[j][s] - gain[j][t] - 2 * w[i][j]
                    if delta > best_delta:
                        best_delta, best_step = delta, (i, t, j)
        if best_step is None:
            break
        i, t, j = best_step
        s = where[i]
        relocate(i, t)
        if j is not None:
            relocate(j, s)

    # 4. The plan, with its reasons.
    result = []
    for t_seats in seats:
        if not t_seats:
            continue
        members = [parties[i] for i in sorted(t_seats)]
        result.append(_table(len(result) + 1, members, introduced))
    return Plan(tables=result, value=sum(t.value for t in result), table_size=table_size)


def _table(number: int, members: list[Party], introduced) -> Table:
    matches = []
    for a, b in combinations(members, 2):
        if _pair_key(a.key, b.key) in introduced:
            continue
        for needer, offerer in ((a, b), (b, a)):
            for tag in sorted(needer.needs & offerer.offers, key=str):
                matches.append(Match(needer=needer.name, offerer=offerer.name, tag=tag))
    kinds = sorted({m.kind for m in members})
    return Table(
        number=number,
        parties=members,
        matches=matches,
        kinds=kinds,
        value=seating_value([members], introduced),
    )


def random_seating(
    parties: Sequence[Party], *, table_size: int = DEFAULT_TABLE_SIZE, seed: int = 0
) -> list[list[Party]]:
    """A random seating under the same rules (parties whole, tables of at most N): the
    baseline the planner must beat."""
    rng = random.Random(seed)
    shuffled = list(parties)
    rng.shuffle(shuffled)
    tables: list[list[Party]] = []
    loads: list[int] = []
    for party in shuffled:  # as guests arrive: the first table with room
        for t in range(len(tables)):
            if loads[t] + party.people <= table_size and loads[t] < table_size:
                tables[t].append(party)
                loads[t] += party.people
                break
        else:
            tables.append([party])
            loads.append(party.people)
    return tables
