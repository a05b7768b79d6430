"""The importer writes in bulk, all or nothing, and tells the matcher once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles import import_writer
from profiles.importer import plan_import
from profiles.models import Listing, Organization
from profiles.services.imports import directory_import
from profiles.services.reindex import organization_reindex

pytestmark = pytest.mark.django_db

HEADER = "external_id,name,name_kana,kind,ward,fields,sdgs\n"
LISTING_HEADER = "org_external_id,kind,title,tags\n"


def _orgs(n: int, start: int = 0, description: str = "") -> bytes:
    rows = [
        f"K-{i:04d},北山{i}町内会,キタヤマ,町内会,青葉区,防災;まちづくり,11\n"
        for i in range(start, start + n)
    ]
    return (HEADER + "".join(rows)).encode()


def _listings(n: int) -> bytes:
    rows = []
    for i in range(n):
        rows.append(f"K-{i:04d},募集,夏祭りの担い手,担い手・後継者\n")
        rows.append(f"K-{i:04d},提供,集会所の貸し出し,会場・スペース\n")
    return (LISTING_HEADER + "".join(rows)).encode()


def _import(orgs: bytes, listings: bytes | None = None, **kwargs):
    plan = plan_import(
        organizations=(orgs, "o.csv"), listings=(listings, "l.csv") if listings else None
    )
    return plan, directory_import(plan=plan, by=None, **kwargs)


def test_a_run_stopped_between_batches_leaves_the_old_data(monkeypatch):
    _import(_orgs(2))
    before = (Organization.objects.count(), Organization.history.count(), Listing.objects.count())
    monkeypatch.setattr(import_writer, "BATCH", 3)

    class Stopped(Exception):
        pass

    def stop_after_the_first_batch(done, total):
        raise Stopped

    plan = plan_import(organizations=(_orgs(10), "o.csv"), listings=(_listings(10), "l.csv"))
    with pytest.raises(Stopped):
        directory_import(plan=plan, by=None, progress=stop_after_the_first_batch)
    after = (Organization.objects.count(), Organization.history.count(), Listing.objects.count())
    assert after == before


def test_the_same_register_again_plans_no_change_and_writes_no_history():
    _import(_orgs(5), _listings(5))
    history = (Organization.history.count(), Listing.history.count())
    plan = plan_import(organizations=(_orgs(5), "o.csv"), listings=(_listings(5), "l.csv"))
    assert plan.changes_nothing
    assert plan.org_counts().unchanged == 5
    assert plan.listing_counts().unchanged == 10
    directory_import(plan=plan, by=None)
    assert (Organization.history.count(), Listing.history.count()) == history


def test_history_keeps_who_imported_and_the_tags_of_each_version(staff):
    plan = plan_import(organizations=(_orgs(1), "o.csv"), listings=(_listings(1), "l.csv"))
    directory_import(plan=plan, by=staff)
    org = Organization.objects.get(external_id="K-0000")
    record = org.history.get()
    assert record.history_user == staff
    assert {row.tag.slug for row in record.fields.all()} == {t.slug for t in org.fields.all()}
    assert len({t.slug for t in org.fields.all()}) == 2
    listing = org.listings.get(kind="offer")
    assert [row.tag.slug for row in listing.history.get().tags.all()] == ["venue"]
    changed = _orgs(1).replace("防災;まちづくり".encode(), "防災".encode())
    plan = plan_import(organizations=(changed, "o.csv"))
    directory_import(plan=plan, by=staff)
    latest = org.history.order_by("-history_date", "-history_id").first()
    assert latest.history_type == "~"
    assert [row.tag.slug for row in latest.fields.all()] == ["disaster-prevention"]


def test_imported_organizations_are_found_by_search_with_their_listings():
    from profiles.search import keyword_q

    _import(_orgs(3), _listings(3))
    found = Organization.objects.filter(keyword_q("担い手"))
    assert {o.external_id for o in found} == {"K-0000", "K-0001", "K-0002"}


def test_imported_organizations_keep_the_same_search_keys_as_a_profile_reindexed_by_hand():
    # The import writes the keys back in one statement (COPY on PostgreSQL): every column and
    # every token must land as organization_reindex would write them one by one. (One field
    # tag each: with two, the two ways list them in different orders.)
    _import(_orgs(3).replace("防災;まちづくり".encode(), "防災".encode()), _listings(3))
    imported = {
        o.pk: (o.search_tokens.split(), o.match_tokens.split(), o.name_reading)
        for o in Organization.objects.all()
    }
    for org in Organization.objects.all():
        organization_reindex(organization=org)
    by_hand = {
        o.pk: (o.search_tokens.split(), o.match_tokens.split(), o.name_reading)
        for o in Organization.objects.all()
    }
    assert imported == by_hand
    assert all(tokens and where and reading for tokens, where, reading in imported.values())


def test_the_matcher_hears_once_for_every_changed_organization_and_every_new_listing():
    from matching.models import ListingAlertQueue
    from profiles.signals import directory_imported, listing_published, organization_changed

    heard = []

    def on_import(sender, organization_ids, listing_ids, **kwargs):
        heard.append((sorted(organization_ids), sorted(listing_ids)))

    def per_row(sender, **kwargs):
        heard.append("per-row signal")

    directory_imported.connect(on_import)
    organization_changed.connect(per_row)
    listing_published.connect(per_row)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            _import(_orgs(4), _listings(4))
    finally:
        directory_imported.disconnect(on_import)
        organization_changed.disconnect(per_row)
        listing_published.disconnect(per_row)
    assert len(heard) == 1
    organization_ids, listing_ids = heard[0]
    assert organization_ids == sorted(Organization.objects.values_list("pk", flat=True))
    assert listing_ids == sorted(Listing.objects.values_list("pk", flat=True))
    # Every new listing (offers and needs alert both ways; saved searches read both) and every
    # new organization (saved directory searches) waits for one batch.
    queued = ListingAlertQueue.objects.all()
    assert {q.listing_id for q in queued if q.listing_id} == set(listing_ids)
    assert {q.organization_id for q in queued if q.organization_id} == set(organization_ids)


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows():
    def queries(start, n):
        with CaptureQueriesContext(connection) as captured:
            plan = plan_import(
                organizations=(_orgs(n, start), "o.csv"), listings=(_listings(0), "l.csv")
            )
            directory_import(plan=plan, by=None)
        return len(captured)

    small, large = queries(0, 5), queries(100, 60)
    # A backend that caps the parameters of one statement (SQLite) splits the inserts into
    # batches: one organization and one history insert more per batch. PostgreSQL: one batch.
    fields = Organization._meta.concrete_fields
    batches = -(-60 // connection.ops.bulk_batch_size(fields, [None] * 60))
    assert large <= small + 2 + 2 * (batches - 1), (small, large)
