"""After a series of changes, each refreshed incrementally, the stored lists are exactly those a
full rebuild on the same weights stores (the index is patched, not rebuilt, between them)."""

from core.vocabulary import NEIGHBORING_AREAS
from matching import services
from matching.engine import Matcher
from matching.models import Dismissal, Suggestion
from matching.services import (
    directory_snapshot,
    dismissed_pairs,
    suggestions_rebuild,
    suggestions_refresh,
)
from tests.factories import OrganizationFactory
from tests.matching.conftest import listing


def stored_lists():
    out = {}
    for org_id, partner_id, score, mutual in Suggestion.objects.order_by(
        "organization_id", "rank"
    ).values_list("organization_id", "partner_id", "score", "mutual"):
        out.setdefault(org_id, []).append((partner_id, score, mutual))
    return out


def rebuilt_lists():
    """What a full rebuild would store, on the weights of the refreshes' index."""
    model = services._live["matcher"].model
    matcher = Matcher(
        directory_snapshot(), neighbors=NEIGHBORING_AREAS, dismissed=dismissed_pairs(), model=model
    )
    lists = {p.id: matcher.suggest(p.id) for p in matcher.profiles.values()}
    return {a: [(m.partner_id, m.score, m.mutual) for m in ms] for a, ms in lists.items() if ms}


def test_incremental_refreshes_store_what_a_full_rebuild_would(directory):
    extras = []
    for i, (need, offer) in enumerate(
        [("volunteers", "venue"), ("successors", "volunteers"), ("funding", "publicity"),
         ("publicity", "funding"), ("venue", "successors")]
    ):  # fmt: skip
        org = OrganizationFactory(name=f"会{i}")
        listing(org, "need", need)
        listing(org, "offer", offer)
        extras.append(org)
    suggestions_rebuild()
    suggestions_refresh(organization_ids=[extras[0].pk])  # nothing changed: the index loads
    assert stored_lists() == rebuilt_lists()

    listing(directory["company"], "offer", "successors", title="OB人材の紹介")
    suggestions_refresh(organization_ids=[directory["company"].pk])
    assert stored_lists() == rebuilt_lists()

    directory["university"].status = "suspended"
    directory["university"].save()
    suggestions_refresh(organization_ids=[directory["university"].pk])
    assert stored_lists() == rebuilt_lists()

    Dismissal.objects.create(organization=directory["npo"], partner=directory["company"])
    suggestions_refresh(organization_ids=[directory["npo"].pk, directory["company"].pk])
    assert stored_lists() == rebuilt_lists()

    newcomer = OrganizationFactory(name="新しい会")
    listing(newcomer, "offer", "volunteers")
    listing(newcomer, "need", "venue")
    extras[1].listings.all().delete()
    suggestions_refresh(organization_ids=[newcomer.pk, extras[1].pk])
    assert stored_lists() == rebuilt_lists()
    assert newcomer.pk in {p for ms in stored_lists().values() for p, _s, _m in ms}
