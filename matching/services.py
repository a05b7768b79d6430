"""Every write of the matcher. The engine (matching.engine) is pure; these functions load plain
data from the database, run it, and store what it found. Views, the API, Celery tasks and
management commands all call these."""

from __future__ import annotations

import json
import threading
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import pagecache
from core.audit import audit_record
from core.celery import task_named
from core.errors import ApplicationError, NotAllowed
from core.notifications import notify
from core.vocabulary import NEIGHBORING_AREAS
from profiles.models import (
    Listing,
    ListingKind,
    Membership,
    ModerationStatus,
    Organization,
)

from . import scheduling
from .engine import DEFAULT_K, ListingData, Match, Matcher, OrgProfile
from .models import (
    Dismissal,
    DismissReason,
    LearningReset,
    ListingAlert,
    ListingAlertQueue,
    SavedSearch,
    SavedSearchHit,
    SavedSearchScope,
    Suggestion,
)
from .refresh import Bar, refreshed_lists
from .selectors import (
    SUGGESTIONS_SECTION,
    filter_form,
    filterset_class_for,
    saved_search_summary,
    saved_search_url,
    suggestions_section,
)
from .text import district_of, fold_synonyms, listing_words, text_targets

WRITE_CHUNK = 500
REBUILD_TASK = "matching.tasks.rebuild_suggestions"
# A write of more lists than this invalidates every cached list at once.
BUMP_EACH_UP_TO = 200
# A full rebuild computes and swaps the lists this many organizations at a time (one Celery
# task each when a worker runs the nightly rebuild).
REBUILD_CHUNK = 1000
# A refresh of at least 1/REFRESH_ALL_SHARE of the directory recomputes every organization.
REFRESH_ALL_SHARE = 5
# Reverse alerts: how many organizations one new offer may alert, how many organizations one
# batch may alert in all, and at most one alert per organization per day.
ALERTS_PER_LISTING = 10
ALERTS_PER_RUN = 200
ALERT_PERIOD = timedelta(days=1)


# --- Loading the directory as plain data ---------------------------------------------------------


def open_listings():
    """Listings the matcher counts: open, published, not past their deadline, of a published
    organization."""
    return Listing.objects.public()


def directory_snapshot(organizations=None) -> list[OrgProfile]:
    """Every published organization as an engine profile, in six queries whatever the size;
    only those among `organizations` (ids or a queryset) when given."""
    published = Organization.objects.published()
    if organizations is not None:
        published = published.filter(pk__in=organizations)
    rows = {
        o["id"]: {**o, "needs": defaultdict(list), "offers": defaultdict(list), "targets": set(),
                  "fields": set(), "sdgs": set(), "members": set()}
        for o in published.values(
            "id", "kind", "name", "status", "ward__slug", "district", "area_covered"
        )
    }  # fmt: skip
    through = Organization.fields.through.objects.filter(organization__in=published)
    for org_id, slug in through.values_list("organization_id", "tag__slug"):
        rows[org_id]["fields"].add(slug)
    through = Organization.sdgs.through.objects.filter(organization__in=published)
    for org_id, slug in through.values_list("organization_id", "tag__slug"):
        rows[org_id]["sdgs"].add(slug)
    for org_id, user_id in Membership.objects.filter(organization__in=published).values_list(
        "organization_id", "user_id"
    ):
        rows[org_id]["members"].add(user_id)
    counted = open_listings()
    if organizations is not None:
        counted = counted.filter(organization__in=published)
    today = timezone.now()
    listings = {}
    for pk, org_id, kind, title, description, updated in counted.values_list(
        "id", "organization_id", "kind", "title", "description", "updated_at"
    ).order_by("organization_id", "id"):
        listings[pk] = {"org": org_id, "kind": kind, "title": title, "resources": set(),
                        "description": description}  # fmt: skip
        row = rows[org_id]
        idle = max(0, (today - updated).days)
        row["idle_days"] = min(row.get("idle_days", idle), idle)
        row["targets"] |= text_targets(title, description)
    tag_rows = Listing.tags.through.objects.filter(listing_id__in=list(listings)).values_list(
        "listing_id", "tag__facet", "tag__slug"
    )
    for listing_id, facet, slug in tag_rows:
        item = listings[listing_id]
        row = rows[item["org"]]
        if facet == "resource":
            row["needs" if item["kind"] == ListingKind.NEED else "offers"][slug].append(
                item["title"]
            )
            item["resources"].add(slug)
        elif facet == "target":
            row["targets"].add(slug)
        elif facet == "field":
            row["fields"].add(slug)
    for pk, item in listings.items():
        text = fold_synonyms(
            unicodedata.normalize("NFKC", f"{item['title']}\n{item['description']}")
        )
        rows[item["org"]].setdefault("listings", []).append(
            ListingData(
                kind="need" if item["kind"] == ListingKind.NEED else "offer",
                title=item["title"],
                resources=frozenset(item["resources"]),
                words=listing_words(item["title"], item["description"]),
                text=text,
                id=pk,
            )
        )
    return [
        OrgProfile(
            id=r["id"],
            kind=r["kind"],
            ward=r["ward__slug"],
            name=r["name"],
            status=r["status"],
            needs={s: tuple(t) for s, t in r["needs"].items()},
            offers={s: tuple(t) for s, t in r["offers"].items()},
            targets=frozenset(r["targets"]),
            fields=frozenset(r["fields"]),
            sdgs=frozenset(r["sdgs"]),
            members=frozenset(r["members"]),
            listings=tuple(r.get("listings", ())),
            idle_days=r.get("idle_days"),
            # The 地区 field first, then the area covered, then the name (片平一丁目町内会).
            district=district_of(r["ward__slug"], r["district"], r["area_covered"], r["name"]),
        )  # fmt: skip
        for r in rows.values()
    ]


def dismissed_pairs() -> list[tuple[int, int]]:
    return list(Dismissal.objects.values_list("organization_id", "partner_id"))


def build_matcher() -> Matcher:
    from .selectors import learned_weights

    return Matcher(
        directory_snapshot(),
        neighbors=NEIGHBORING_AREAS,
        dismissed=dismissed_pairs(),
        learned=learned_weights(),
    )


def learning_reset(*, by, note: str = "") -> LearningReset:
    """Forget what the matcher learned: outcomes from before now are no longer learned from.
    Staff only; audited. Every list is rebuilt after (queued on commit), as if no outcome had
    been recorded."""
    if not by.has_perm("matching.reset_learning"):
        raise NotAllowed(_("学習のリセットは支援センターの職員だけができます"))
    from .selectors import learned_weights

    before = learned_weights()
    with transaction.atomic():
        reset = LearningReset.objects.create(by=by, note=note[:500])
        audit_record(
            actor=by,
            action="matching.learning_reset",
            target=reset,
            before={"pairs": len(before.pairs), "distance": len(before.distance_pct),
                    "outcomes": before.outcomes},
            note=note[:500],
        )  # fmt: skip
        transaction.on_commit(lambda: task_named(REBUILD_TASK).delay())
    return reset


# --- "Whom can what we offer help?" (the company path) -------------------------------------------

# An offer of employee volunteers is an offer of helping hands: the companies' own listings
# carry both tags ("社員ボランティアを派遣します" is tagged employee-volunteers and volunteers), and
# the groups that need hands tag their calls "volunteers". Without this the related-tag rule
# would ask for text support that a few ticked boxes cannot give.
OFFER_ALSO = {"employee-volunteers": ("volunteers",)}
# Other companies' calls ("a place for our employees to volunteer") are offers in disguise.
OFFER_SEARCH_SKIPS = ("company",)
_offer_matcher: dict = {}
_offer_matcher_lock = threading.Lock()


def _directory_stamp() -> tuple:
    """Changes whenever what the matcher reads may have: listings, organizations, dismissals."""
    from django.db.models import Count, Max

    listings = Listing.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    orgs = Organization.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    dismissed, resets = Dismissal.objects.count(), LearningReset.objects.count()
    return (listings["n"], listings["last"], orgs["n"], orgs["last"], dismissed, resets,
            _outcomes_stamp())  # fmt: skip


def _outcomes_stamp() -> tuple:
    """Changes whenever an introduction is answered or a collaboration recorded: what the
    matcher learns from (dismissals and resets are in `_directory_stamp` already)."""
    from .introductions.models import Collaboration, Introduction, Status

    answered = Introduction.objects.filter(status__in=[Status.ACCEPTED, Status.DECLINED])
    return (answered.count(), Collaboration.objects.count())


def _current_matcher() -> Matcher:
    """The matcher over the directory as it is now, built once per change and per process:
    the company path asks it on every page view and a rebuild reads the whole directory."""
    stamp = _directory_stamp()
    with _offer_matcher_lock:
        if _offer_matcher.get("stamp") != stamp:
            _offer_matcher.update(stamp=stamp, matcher=build_matcher())
        return _offer_matcher["matcher"]


def offer_search(
    *, offers: Iterable[str], text: str = "", ward: str | None = None, owner=None, k: int = 20
) -> list[Match]:
    """The groups whose public needs what an organization can offer would meet, best first,
    ranked by the matcher exactly as a new offer listing would be (`Matcher.needing`), with
    suggestion-shaped reasons. `owner`, when given, is left out with its fellow members'
    organizations and the pairs it dismissed."""
    tags = set(offers)
    for slug in list(tags):
        tags.update(OFFER_ALSO.get(slug, ()))
    text = (text or "").strip()
    if not tags and not text:
        return []
    normalized = fold_synonyms(unicodedata.normalize("NFKC", text))
    return _current_matcher().offer_search(
        tags,
        words=listing_words("", text) if text else (),
        text=normalized,
        owner_id=owner.pk if owner is not None else None,
        ward=ward or (owner.ward.slug if owner is not None and owner.ward_id else None),
        skip_kinds=OFFER_SEARCH_SKIPS,
        k=k,
    )


# --- Materializing suggestions ---------------------------------------------------------------


def _store(results: dict[int, list[Match]], now) -> None:
    """Replace the stored lists of exactly these organizations. Upserts keep a suggestion's id
    while the pair stays in the list (links and open pages keep working)."""
    rows = [
        (org_id, m.partner_id, rank, m.score, m.mutual, list(m.reasons))
        for org_id, matches in results.items()
        for rank, m in enumerate(matches, start=1)
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _upsert_by_copy(rows, now)
        else:
            Suggestion.objects.bulk_create(
                [
                    Suggestion(
                        organization_id=org_id,
                        partner_id=partner_id,
                        rank=rank,
                        score=score,
                        mutual=mutual,
                        reasons=reasons,
                        computed_at=now,
                        first_suggested_at=now,  # kept on conflict: not among update_fields
                    )  # fmt: skip
                    for org_id, partner_id, rank, score, mutual, reasons in rows
                ],
                batch_size=WRITE_CHUNK,
                update_conflicts=True,
                unique_fields=["organization", "partner"],
                update_fields=["rank", "score", "mutual", "reasons", "computed_at"],
            )
        ids = list(results)
        for start in range(0, len(ids), WRITE_CHUNK):
            chunk = ids[start : start + WRITE_CHUNK]
            # Anything for these organizations not written just now has fallen out of the list.
            Suggestion.objects.filter(organization_id__in=chunk).exclude(computed_at=now).delete()
        _stored_lists_changed(ids)


def _stored_lists_changed(organization_ids) -> None:
    """Cached reads of these organizations' lists (the suggestions API) are stale: bump their
    versions (now and after commit), or every list's at once when there are many."""
    ids = list(organization_ids)
    if len(ids) > BUMP_EACH_UP_TO:
        pagecache.bump(SUGGESTIONS_SECTION)
    else:
        for org_id in ids:
            pagecache.bump(suggestions_section(org_id))


def _upsert_by_copy(rows, now) -> None:
    """The same upsert as bulk_create(update_conflicts=True), through COPY into a temporary
    table: a full rebuild writes 20 rows with JSON reasons per organization, and binding them
    as query parameters cost more than computing them."""
    table = connection.ops.quote_name(Suggestion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS matching_suggestion_load ("
            " organization_id bigint, partner_id bigint, rank integer, score integer,"
            " mutual boolean, reasons jsonb) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE matching_suggestion_load")
        with cursor.cursor.copy("COPY matching_suggestion_load FROM STDIN") as copy:
            for org_id, partner_id, rank, score, mutual, reasons in rows:
                copy.write_row(
                    (
                        org_id,
                        partner_id,
                        rank,
                        score,
                        mutual,
                        json.dumps(reasons, ensure_ascii=False),
                    )
                )
        cursor.execute(
            f"INSERT INTO {table} (organization_id, partner_id, rank, score, mutual, reasons,"
            " computed_at, first_suggested_at)"
            " SELECT organization_id, partner_id, rank, score, mutual, reasons, %s, %s"
            " FROM matching_suggestion_load"
            " ON CONFLICT (organization_id, partner_id) DO UPDATE SET rank = EXCLUDED.rank,"
            " score = EXCLUDED.score, mutual = EXCLUDED.mutual, reasons = EXCLUDED.reasons,"
            " computed_at = EXCLUDED.computed_at",
            [now, now],
        )


def suggestions_rebuild(
    *, progress: Callable[[int, int], None] | None = None, k: int = DEFAULT_K
) -> int:
    """Recompute every organization's suggestions in this process (`manage.py
    rebuild_suggestions`, seeding): chunk by chunk, each chunk's lists swapped in one
    transaction, as the nightly Celery group does across workers. Returns how many
    organizations were computed."""
    matcher = build_matcher()
    eligible = rebuild_start(matcher)
    for start in range(0, len(eligible), REBUILD_CHUNK):
        chunk = eligible[start : start + REBUILD_CHUNK]
        _rebuild_chunk(matcher, chunk, k=k)
        if progress:
            progress(start + len(chunk), len(eligible))
    return len(eligible)


def rebuild_start(matcher: Matcher | None = None, *, generation: str | None = None) -> list[int]:
    """The first step of a full rebuild: start a generation (refreshes rebuild their index),
    drop the lists of organizations no longer published (and their appearances in others'),
    and return the eligible organizations to compute."""
    generation_start(generation)
    matcher = matcher or build_matcher()
    hidden = ~Q(organization__status=ModerationStatus.PUBLISHED) | ~Q(
        partner__status=ModerationStatus.PUBLISHED
    )
    if Suggestion.objects.filter(hidden).delete()[0]:
        pagecache.bump(SUGGESTIONS_SECTION)
    return sorted(p.id for p in matcher.profiles.values() if p.eligible)


_generation: dict = {}
_generation_lock = threading.Lock()


def suggestions_rebuild_chunk(
    *, organization_ids: Iterable[int], generation: str, k: int = DEFAULT_K
) -> int:
    """One chunk of the nightly rebuild (a task of its Celery group): these organizations'
    lists, swapped in one transaction, so that a reader sees either the old list or the new
    one. Each worker process builds the matcher once per rebuild (`generation`) and serves all
    the chunks it is given from it."""
    with _generation_lock:
        if _generation.get("name") != generation:
            _generation.clear()  # the previous rebuild's index goes before the next is built
            _generation.update(name=generation, matcher=build_matcher())
        matcher = _generation["matcher"]
    return _rebuild_chunk(matcher, list(organization_ids), k=k)


def _rebuild_chunk(matcher: Matcher, organization_ids: list[int], *, k: int) -> int:
    results = {
        org_id: matcher.suggest(org_id, k=k)
        for org_id in organization_ids
        if org_id in matcher.profiles and matcher.profiles[org_id].eligible
    }
    with transaction.atomic():
        _store(results, timezone.now())
    return len(results)


def suggestions_refresh(*, organization_ids: Iterable[int], k: int = DEFAULT_K) -> set[int]:
    """Refresh the suggestions a change to these organizations can affect, and only those:
    their own, and every list on which one of them was or would now come (matching.refresh).
    The index is this process's live matcher, patched with the change rather than rebuilt.
    Returns the organizations whose lists were recomputed."""
    changed = sorted(set(organization_ids))
    # A register import changed a large share of the directory: what it touches is about
    # everyone, and finding out would score each changed organization twice. Every list is
    # recomputed, so the weights are fitted anew too (a new generation).
    everyone = len(changed) * REFRESH_ALL_SHARE >= Organization.objects.published().count()
    with _live_lock:
        if everyone:
            generation_start()
        matcher = _live_matcher(changed)
        loaded = {p.id: p for p in directory_snapshot(changed)}
        gone = [org_id for org_id in changed if org_id not in loaded]
        now = timezone.now()
        if everyone:
            eligible = [p.id for p in matcher.profiles.values() if p.eligible]
            results = {org_id: matcher.suggest(org_id, k=k) for org_id in eligible}
            results.update({org_id: [] for org_id in gone})
        else:
            results = {}
            for org_id in changed:  # one at a time: each refresh reads the lists as left
                if org_id in loaded:
                    matcher.patch([loaded[org_id]])
                else:
                    matcher.patch(gone=[org_id])
                results.update(_refreshed(matcher, org_id, results, k))
        with transaction.atomic():
            _store(results, now)
            gone_rows = Q(organization_id__in=gone) | Q(partner_id__in=gone)
            if gone and Suggestion.objects.filter(gone_rows).delete()[0]:
                pagecache.bump(SUGGESTIONS_SECTION)  # also in the lists of others
    return set(results)


def _refreshed(matcher: Matcher, org_id: int, overlay: dict, k: int) -> dict[int, list[Match]]:
    """matching.refresh on the stored lists, as this refresh has already rewritten them
    (`overlay`) over what the database holds."""
    listed_by = set(
        Suggestion.objects.filter(partner_id=org_id).values_list("organization_id", flat=True)
    )
    for a, matches in overlay.items():
        if any(m.partner_id == org_id for m in matches):
            listed_by.add(a)
        else:
            listed_by.discard(a)

    def bars(ids):
        out = _stored_bars([a for a in ids if a not in overlay], k)
        for a in ids:
            if a in overlay:
                ms = overlay[a]
                last = (ms[-1].score, ms[-1].partner_id) if len(ms) >= k else None
                out[a] = Bar(ms[0].score, last) if ms else None
        return {a: bar for a, bar in out.items() if bar is not None}

    def lists(ids):
        out = _stored_lists([a for a in ids if a not in overlay])
        out.update({a: overlay[a] for a in ids if a in overlay})
        return out

    return refreshed_lists(
        matcher, org_id, listed_by=sorted(listed_by), stored_bars=bars, stored_lists=lists, k=k
    )


def _stored_bars(ids, k: int) -> dict[int, Bar]:
    """The best score and, on full lists, the last entry of these organizations' stored lists,
    in one query (the (organization, rank) index)."""
    best, last = {}, {}
    rows = Suggestion.objects.filter(organization_id__in=list(ids), rank__in=(1, k)).values_list(
        "organization_id", "rank", "score", "partner_id"
    )
    for org_id, rank, score, partner_id in rows:
        if rank == 1:
            best[org_id] = score
        if rank == k:
            last[org_id] = (score, partner_id)
    return {a: Bar(best=b, last=last.get(a)) for a, b in best.items()}


def _stored_lists(ids) -> dict[int, list[Match]]:
    out: dict[int, list[Match]] = {}
    rows = (
        Suggestion.objects.filter(organization_id__in=list(ids))
        .order_by("organization_id", "rank")
        .values_list("organization_id", "partner_id", "score", "mutual", "reasons")
    )
    for org_id, partner_id, score, mutual, reasons in rows:
        out.setdefault(org_id, []).append(Match(org_id, partner_id, score, mutual, tuple(reasons)))
    return out


# The live matcher of this process, for refreshes: built once per generation (the nightly
# rebuild starts a new one), then patched with every change any process logged since.
GENERATION_KEY = "matching:generation"
CHANGES_KEY = "matching:changes:{}"  # how many changes were logged in a generation
CHANGE_KEY = "matching:change:{}:{}"  # the organizations of one logged change
CHANGE_LOG_TTL = 2 * 24 * 3600
_live: dict = {}
_live_lock = threading.Lock()


def generation_start(name: str | None = None) -> str:
    """Start a generation: every process's live matcher is rebuilt (weights fitted anew) at its
    next refresh. The full rebuild starts one."""
    name = name or uuid.uuid4().hex
    cache.set(GENERATION_KEY, name, timeout=None)
    return name


def _live_matcher(changed: list[int]) -> Matcher:
    """This process's matcher for the current generation, with every change logged by any
    process applied, `changed` logged and loaded last (the caller patches it). Call under
    _live_lock."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    counter = CHANGES_KEY.format(generation)
    cache.add(counter, 0, timeout=CHANGE_LOG_TTL)
    if _live.get("generation") != generation:
        _live.clear()  # the old index goes before the new one is built
        applied = cache.get(counter, 0)  # read before the snapshot: later changes re-applied
        _live.update(generation=generation, matcher=build_matcher(), applied=applied)
    matcher = _live["matcher"]
    mine = cache.incr(counter)
    cache.set(CHANGE_KEY.format(generation, mine), changed, timeout=CHANGE_LOG_TTL)
    pending = [CHANGE_KEY.format(generation, n) for n in range(_live["applied"] + 1, mine)]
    logged = cache.get_many(pending)
    if len(logged) < len(pending):  # the log expired: start over from the database
        _live.clear()
        return _live_matcher(changed)
    others = sorted({org_id for ids in logged.values() for org_id in ids} - set(changed))
    if others:
        loaded = directory_snapshot(others)
        gone = [org_id for org_id in others if org_id not in {p.id for p in loaded}]
        matcher.patch(loaded, gone=gone)
    matcher.patch(dismissed=dismissed_pairs())
    _live["applied"] = mine
    return matcher


# --- Feedback --------------------------------------------------------------------------------


def suggestion_dismiss(
    *, suggestion: Suggestion, by, reason: str = "", comment: str = ""
) -> Dismissal:
    """ "Not interested": hide this pair for good (both directions) and keep the reason."""
    if reason and reason not in DismissReason.values:
        raise ApplicationError(_("理由は一覧から選んでください"), code="bad_reason")
    with transaction.atomic():
        dismissal = Dismissal(
            organization_id=suggestion.organization_id,
            partner_id=suggestion.partner_id,
            reason=reason,
            comment=comment.strip()[:500],
            rank=suggestion.rank,
            score=suggestion.score,
            by=by,
        )
        dismissal.full_clean()
        dismissal.save()
        Suggestion.objects.filter(
            Q(organization_id=suggestion.organization_id, partner_id=suggestion.partner_id)
            | Q(organization_id=suggestion.partner_id, partner_id=suggestion.organization_id)
        ).delete()
        _stored_lists_changed([suggestion.organization_id, suggestion.partner_id])
        if by is not None and by.is_staff:
            audit_record(
                actor=by,
                action="suggestion.dismiss",
                target=suggestion.organization,
                after={"partner": suggestion.partner_id, "reason": reason},
            )
        pair = [suggestion.organization_id, suggestion.partner_id]
        transaction.on_commit(lambda: _queue_refresh(pair))
    return dismissal


def _queue_refresh(organization_ids: list[int]) -> None:
    for org_id in organization_ids:
        scheduling.schedule_refresh(org_id)


# --- Reverse alerts --------------------------------------------------------------------------


def listing_alert_enqueue(*, listing_id: int) -> ListingAlertQueue | None:
    """Remember a newly published listing for the next batch of alerts (reverse alerts both
    ways and saved searches)."""
    with transaction.atomic():
        if not Listing.objects.filter(pk=listing_id).exists():
            return None
        entry, _created = ListingAlertQueue.objects.get_or_create(listing_id=listing_id)
    return entry


def organization_alert_enqueue(*, organization_id: int) -> ListingAlertQueue | None:
    """Remember a newly published organization for the saved directory searches."""
    with transaction.atomic():
        if not Organization.objects.published().filter(pk=organization_id).exists():
            return None
        entry, _created = ListingAlertQueue.objects.get_or_create(organization_id=organization_id)
    return entry


def listing_alerts_enqueue_many(*, listing_ids, organization_ids=()) -> int:
    """Remember many newly published listings (and organizations) at once (a register
    import). Returns how many were queued."""
    listing_ids = list(
        Listing.objects.filter(pk__in=list(listing_ids)).values_list("pk", flat=True)
    )
    organization_ids = list(
        Organization.objects.published()
        .filter(pk__in=list(organization_ids))
        .values_list("pk", flat=True)
    )
    ListingAlertQueue.objects.bulk_create(
        [ListingAlertQueue(listing_id=pk) for pk in listing_ids]
        + [ListingAlertQueue(organization_id=pk) for pk in organization_ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(listing_ids) + len(organization_ids)


def listing_alerts_send(*, now=None) -> int:
    """Send the batch. Reverse alerts: each queued offer finds the organizations whose needs it
    meets best, each queued need those whose offers meet it; each organization gets ONE
    notification per batch (naming all its new matches) and at most one per day; at most
    ALERTS_PER_RUN organizations per batch. Then the saved searches (one notification per
    search per batch). Returns how many organizations the reverse alerts reached."""
    now = now or timezone.now()
    with transaction.atomic():
        queue = list(
            ListingAlertQueue.objects.select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True)
            .order_by("queued_at", "id")[:500]
        )
        if not queue:
            return 0
        alerted = _reverse_alerts([q.listing_id for q in queue if q.listing_id], now)
        saved_search_alerts_send(queue=queue, now=now)
        ListingAlertQueue.objects.filter(pk__in=[q.pk for q in queue]).update(processed_at=now)
    return alerted


def _reverse_alerts(listing_ids: list[int], now) -> int:
    listings = {
        lst.pk: lst
        for lst in open_listings()
        .filter(pk__in=listing_ids)
        .select_related("organization", "ward")
        .prefetch_related("tags")
    }
    # org id -> [(score, listing)]: new offers meeting its needs, new needs its offers meet.
    offers_for: dict[int, list[tuple[int, Listing]]] = defaultdict(list)
    needs_for: dict[int, list[tuple[int, Listing]]] = defaultdict(list)
    # (org id, listing id) -> which of the organization's own listings the new one ties to
    ties: dict[tuple[int, int], dict] = {}
    if listings:
        matcher = build_matcher()
        for listing in listings.values():
            resources = [t.slug for t in listing.tags.all() if t.facet == "resource"]
            words = listing_words(listing.title, listing.description)
            common = {"words": words, "owner_id": listing.organization_id,
                      "ward": listing.ward.slug, "k": ALERTS_PER_LISTING}  # fmt: skip
            text = unicodedata.normalize("NFKC", f"{listing.title}\n{listing.description}")
            new = ListingData(
                "offer" if listing.kind == ListingKind.OFFER else "need", listing.title,
                frozenset(resources), words, fold_synonyms(text),
            )  # fmt: skip
            if listing.kind == ListingKind.OFFER:
                found = [(o, score) for o, score, _why in matcher.needing(resources, **common)]
            else:
                found = matcher.offering(resources, **common)
            for org_id, score in found:
                (offers_for if new.kind == "offer" else needs_for)[org_id].append((score, listing))
                tie = matcher.best_tie(org_id, new)
                if tie:
                    ties[(org_id, listing.pk)] = tie
    found_by_org = {
        org_id: offers_for.get(org_id, []) + needs_for.get(org_id, [])
        for org_id in set(offers_for) | set(needs_for)
    }
    already = set(
        ListingAlert.objects.filter(
            organization_id__in=found_by_org, created_at__gte=now - ALERT_PERIOD, notified=True
        ).values_list("organization_id", flat=True)
    )
    seen = set(
        ListingAlert.objects.filter(listing_id__in=listings).values_list(
            "listing_id", "organization_id"
        )
    )
    ranked = sorted(found_by_org.items(), key=lambda item: -max(s for s, _l in item[1]))
    alerted = 0
    for org_id, found in ranked:
        found = [f for f in found if (f[1].pk, org_id) not in seen]
        if not found:
            continue
        notify_now = org_id not in already and alerted < ALERTS_PER_RUN
        ListingAlert.objects.bulk_create(
            [ListingAlert(listing=lst, organization_id=org_id, score=s, notified=notify_now)
             for s, lst in found]
        )  # fmt: skip
        if notify_now:
            ranked_listings = [lst for _s, lst in sorted(found, key=lambda f: -f[0])]
            _notify_members(org_id, ranked_listings, now, ties=ties)
            alerted += 1
    return alerted


def _alert_line(lst: Listing, tie: dict | None) -> str:
    """One new listing in an alert, with which of the organization's own listings it meets."""
    line = f"{lst.organization.name}「{lst.title}」"
    if not tie:
        return line
    if lst.kind == ListingKind.OFFER:
        return line + _("（貴団体の募集『%(title)s』に）") % {"title": tie["need_title"]}
    return line + _("（貴団体の提供『%(title)s』が役立ちます）") % {"title": tie["offer_title"]}


def _notify_members(org_id: int, listings: list[Listing], now, *, ties=None) -> None:
    url = reverse("matching:suggestions") + f"?organization={org_id}"
    day = timezone.localdate(now).isoformat()
    kinds = {lst.kind for lst in listings}
    for membership in Membership.objects.filter(organization_id=org_id).select_related("user"):
        user = membership.user
        with translation.override(user.preferred_language or "ja"):
            if kinds == {ListingKind.OFFER}:
                title = _("あなたの団体の募集に合う新しい提供があります")
            elif kinds == {ListingKind.NEED}:
                title = _("あなたの団体の提供が役立つ新しい募集があります")
            else:
                title = _("あなたの団体に合う新しい募集・提供があります")
            names = "、" if translation.get_language() == "ja" else ", "
            body = names.join(
                _alert_line(lst, (ties or {}).get((org_id, lst.pk))) for lst in listings[:5]
            )
        notify(
            user=user,
            kind="matching.listing_alert",
            title=title,
            body=body,
            url=url,
            dedupe_key=f"matching-alert:{org_id}:{user.pk}:{day}",
        )


# --- Saved searches ------------------------------------------------------------------------

SAVED_SEARCHES_PER_USER = 20
MAX_QUERY_LENGTH = 100


def saved_search_params(*, scope: str, params) -> dict[str, str]:
    """The filters of a search as they will be kept: known filters only, no empty values, no
    page or sort. Raises ApplicationError, naming the wrong conditions, when a value is not one
    the search page accepts."""
    if scope not in SavedSearchScope.values:
        raise ApplicationError(_("保存する検索の種類が正しくありません"))
    filterset_class = filterset_class_for(scope)
    names = [name for name in filterset_class.base_filters if name not in ("sort", "page")]
    cleaned = {}
    for name in names:
        value = params.get(name)
        if isinstance(value, list):
            value = value[-1] if value else ""
        value = "" if value is None else str(value).strip()
        if value:
            cleaned[name] = value
    if not cleaned:
        raise ApplicationError(_("条件を1つ以上指定してから保存してください"))
    if len(cleaned.get("q", "")) > MAX_QUERY_LENGTH:
        raise ApplicationError(
            _("キーワードは%(count)d文字以内にしてください") % {"count": MAX_QUERY_LENGTH}
        )
    form = filter_form(scope, cleaned)
    if not form.is_valid():
        separator = "、" if (translation.get_language() or "ja").startswith("ja") else ", "
        labels = separator.join(
            str(form.fields[name].label) for name in form.errors if name in form.fields
        )
        raise ApplicationError(
            _("検索を保存できませんでした。正しくない条件があります: %(fields)s")
            % {"fields": labels}
        )
    return cleaned


@transaction.atomic
def saved_search_create(*, user, scope: str, params, organization=None) -> SavedSearch:
    """Keep a search for `user`; what is published from now on and matches it will be sent
    to them. Refused (ApplicationError, nothing saved) for wrong or empty conditions, the same
    search twice, or more than SAVED_SEARCHES_PER_USER."""
    if not (user and user.is_authenticated):
        raise NotAllowed(_("検索を保存するにはログインしてください"))
    cleaned = saved_search_params(scope=scope, params=params)
    if organization is not None and not user.memberships.filter(organization=organization).exists():
        organization = None
    mine = SavedSearch.objects.select_for_update().filter(user=user)
    existing = list(mine.values_list("scope", "params"))
    if (scope, cleaned) in existing:
        raise ApplicationError(_("同じ条件の検索はすでに保存されています"))
    if len(existing) >= SAVED_SEARCHES_PER_USER:
        raise ApplicationError(
            _("保存できる検索は%(count)d件までです。使わなくなったものを削除してください")
            % {"count": SAVED_SEARCHES_PER_USER}
        )
    search = SavedSearch(user=user, organization=organization, scope=scope, params=cleaned)
    search.full_clean()
    search.save()
    return search


@transaction.atomic
def saved_search_delete(*, search: SavedSearch, by) -> None:
    if not (by and by.is_authenticated and search.user_id == by.pk):
        raise NotAllowed(_("この保存した検索を削除する権限がありません"))
    search.delete()


def saved_search_alerts_send(*, queue: list[ListingAlertQueue], now) -> int:
    """Run every saved search over the newly public listings and organizations of this batch
    (those queued after the search was saved, left out: the person's own organizations and
    what the search was already told about). One notification per search per batch. Returns
    how many searches had news."""
    if not queue:
        return 0
    latest = max(q.queued_at for q in queue)
    new_listings = Listing.objects.public().filter(
        pk__in=[q.listing_id for q in queue if q.listing_id]
    )
    listing_owner = dict(new_listings.values_list("pk", "organization_id"))
    sent = 0
    searches = SavedSearch.objects.filter(created_at__lte=latest).select_related("user")
    for search in searches.iterator(chunk_size=200):
        if not search.user.is_active:
            continue
        entries = [q for q in queue if q.queued_at >= search.created_at]
        if not entries:
            continue
        filterset_class = filterset_class_for(search.scope)
        mine = Membership.objects.filter(user=search.user).values("organization_id")
        if search.scope == SavedSearchScope.LISTINGS:
            ids = [q.listing_id for q in entries if q.listing_id]
            base = Listing.objects.public().filter(pk__in=ids).exclude(organization__in=mine)
            hit_field = "listing"
        else:
            ids = {q.organization_id for q in entries if q.organization_id}
            ids |= _owners_of_telling_listings(
                search.params,
                new_listings.filter(pk__in=[q.listing_id for q in entries if q.listing_id]),
                listing_owner,
            )
            base = Organization.objects.published().filter(pk__in=ids).exclude(pk__in=mine)
            hit_field = "organization"
        if not ids:
            continue
        filterset = filterset_class(search.params, queryset=base)
        if not filterset.form.is_valid():
            continue  # a tag left the vocabulary: never widen the search by dropping it
        told = SavedSearchHit.objects.filter(search=search).values(f"{hit_field}_id")
        found = list(filterset.qs.exclude(pk__in=told)[:50])
        if not found:
            continue
        SavedSearchHit.objects.bulk_create(
            [SavedSearchHit(search=search, created_at=now, **{hit_field: obj}) for obj in found],
            ignore_conflicts=True,
        )
        _notify_saved_search(search, found, batch=min(q.pk for q in entries))
        sent += 1
    return sent


# A directory search's conditions on listings, as listing-search conditions one new listing must
# meet to make its organization news (with none, only newly published organizations are).
_LISTING_CONDITIONS = {
    "need": lambda v: {"kind": ListingKind.NEED, "resource": v},
    "offer": lambda v: {"kind": ListingKind.OFFER, "resource": v},
    "target": lambda v: {"target": v},
    "open_needs": lambda v: {"kind": ListingKind.NEED} if v == "true" else None,
}


def _owners_of_telling_listings(params: dict, new_listings, listing_owner: dict) -> set[int]:
    """The organizations a new listing may have made match a directory search: only through
    a condition a listing can meet (a need of the tag searched; every keyword in the listing's
    own title, text or tags). A new listing of a group that matched all along, on something
    else, is no news."""
    from profiles.filters import ListingFilter
    from profiles.search import query_groups, text_matches

    owners: set[int] = set()
    for name, make in _LISTING_CONDITIONS.items():
        condition = make(params[name]) if params.get(name) else None
        if not condition:
            continue
        meeting = ListingFilter(condition, queryset=new_listings)
        if meeting.form.is_valid():
            owners |= {listing_owner[pk] for pk in meeting.qs.values_list("pk", flat=True)}
    groups = query_groups(params.get("q", ""))
    if groups:
        memo: dict[str, set[str]] = {}
        for listing in new_listings.prefetch_related("tags"):
            texts = [listing.title, listing.description, *(t.label_ja for t in listing.tags.all())]
            if all(any(text_matches([group], text, memo) for text in texts) for group in groups):
                owners.add(listing.organization_id)
    return owners


def _notify_saved_search(search: SavedSearch, found: list, *, batch: int) -> None:

    user = search.user
    with translation.override(user.preferred_language or "ja"):
        summary = saved_search_summary(search)
        if search.scope == SavedSearchScope.LISTINGS:
            title = _("保存した検索「%(search)s」に新しい募集・提供が%(count)d件あります")
            names = [f"{lst.organization.name}「{lst.title}」" for lst in found[:5]]
        else:
            title = _("保存した検索「%(search)s」に新しい団体が%(count)d件あります")
            names = [org.name for org in found[:5]]
        title = title % {"search": summary, "count": len(found)}
        body = ("、" if translation.get_language() == "ja" else ", ").join(names)
    notify(
        user=user,
        kind="matching.saved_search",
        title=title,
        body=body,
        url=saved_search_url(search),
        dedupe_key=f"saved-search:{search.pk}:{batch}",
    )
