"""Stored suggestions: built by one service, read by pages, surviving what they must."""

import pytest
from django.core.management import call_command

from matching.models import Dismissal, Suggestion
from matching.services import suggestions_rebuild, suggestions_refresh
from tests.factories import MembershipFactory, OrganizationFactory
from tests.matching.conftest import listing


def partners_of(org):
    return list(Suggestion.objects.filter(organization=org).values_list("partner__name", flat=True))


def test_a_rebuild_stores_ranked_suggestions_with_reasons(directory):
    suggestions_rebuild()
    first = Suggestion.objects.filter(organization=directory["chonaikai"]).first()
    assert first.partner == directory["university"]
    assert first.rank == 1
    expected = {
        "type": "need_met",
        "need": "successors",
        "offer": "student-research",
        "need_title": "夏祭りの担い手募集",
        "offer_title": "学生の地域調査・参加",
        "need_titles": ["夏祭りの担い手募集"],
        "offer_titles": ["学生の地域調査・参加"],
    }
    assert any(expected.items() <= reason.items() for reason in first.reasons)


def test_an_organization_with_nothing_complementary_gets_no_suggestions(directory):
    lonely = OrganizationFactory(name="ひとりの会")
    listing(lonely, "need", "legal")
    suggestions_rebuild()
    assert partners_of(lonely) == []


def test_an_unpublished_organization_is_never_suggested(directory):
    directory["university"].status = "suspended"
    directory["university"].save()
    suggestions_rebuild()
    assert "東北みらい大学 地域連携研究室" not in partners_of(directory["chonaikai"])


def test_organizations_sharing_a_member_are_not_suggested_to_each_other(directory):
    MembershipFactory(
        organization=directory["university"],
        user=MembershipFactory(organization=directory["chonaikai"]).user,
    )
    suggestions_rebuild()
    assert "東北みらい大学 地域連携研究室" not in partners_of(directory["chonaikai"])


def test_a_suggestion_keeps_its_id_across_rebuilds(directory):
    suggestions_rebuild()
    before = Suggestion.objects.get(organization=directory["chonaikai"], rank=1).pk
    suggestions_rebuild()
    assert Suggestion.objects.get(organization=directory["chonaikai"], rank=1).pk == before


def test_a_dismissed_pair_stays_hidden_after_a_rebuild(directory):
    Dismissal.objects.create(organization=directory["chonaikai"], partner=directory["university"])
    suggestions_rebuild()
    assert "東北みらい大学 地域連携研究室" not in partners_of(directory["chonaikai"])
    assert "片平一丁目町内会" not in partners_of(directory["university"])


def test_a_refresh_recomputes_only_the_organizations_a_change_can_affect(directory, chonaikai):
    bystander = OrganizationFactory(name="泉区の環境NPO")
    listing(bystander, "need", "legal")
    other = OrganizationFactory(name="法律事務所")
    listing(other, "offer", "legal")
    suggestions_rebuild()
    listing(directory["company"], "offer", "successors", title="OB人材の紹介")
    affected = suggestions_refresh(organization_ids=[directory["company"].pk])
    assert chonaikai.pk in affected
    assert bystander.pk not in affected
    assert "株式会社 杜の都電機" in partners_of(chonaikai)


def test_an_organization_unpublished_since_disappears_from_others_lists_on_refresh(directory):
    suggestions_rebuild()
    university = directory["university"]
    university.status = "suspended"
    university.save()
    suggestions_refresh(organization_ids=[university.pk])
    assert not Suggestion.objects.filter(partner=university).exists()
    assert not Suggestion.objects.filter(organization=university).exists()


def test_the_rebuild_command_prints_its_progress(directory, capsys):
    call_command("rebuild_suggestions")
    out = capsys.readouterr().out
    assert "organizations" in out
    assert Suggestion.objects.exists()


def test_a_refresh_of_a_large_share_of_the_directory_recomputes_every_organization(
    directory, monkeypatch
):
    from matching import services
    from matching.engine import Matcher

    suggestions_rebuild()
    ids = [o.pk for o in directory.values()]
    asked = []
    scores_as_partner = Matcher.scores_as_partner
    monkeypatch.setattr(
        Matcher,
        "scores_as_partner",
        lambda self, org_id: asked.append(org_id) or scores_as_partner(self, org_id),
    )
    refreshed = suggestions_refresh(
        organization_ids=ids[: -(-len(ids) // services.REFRESH_ALL_SHARE)]
    )
    assert refreshed >= set(ids)  # everyone, without asking who each changed one complements
    assert asked == []
    assert Suggestion.objects.filter(organization=directory["chonaikai"]).exists()

    for i in range(8):  # a bigger directory, where one organization is a small change
        listing(OrganizationFactory(name=f"会{i}"), "need", "legal")
    asked.clear()
    suggestions_refresh(organization_ids=ids[:1])
    assert asked == ids[:1]  # only what it touches


def _lists():
    return {
        org: list(
            Suggestion.objects.filter(organization_id=org)
            .order_by("rank")
            .values_list("partner_id", "score", "reasons")
        )
        for org in Suggestion.objects.values_list("organization_id", flat=True).distinct()
    }


def test_the_nightly_rebuild_in_chunks_stores_what_one_rebuild_in_process_does(
    directory, monkeypatch
):
    from matching import services, tasks

    suggestions_rebuild()
    expected = _lists()
    Suggestion.objects.all().delete()
    monkeypatch.setattr(services, "REBUILD_CHUNK", 2)  # several chunks, one task each
    assert tasks.rebuild_suggestions.delay().get() == len(directory)
    assert _lists() == expected
    assert expected  # the directory has suggestions at all


def test_a_chunk_that_fails_leaves_its_organizations_old_lists_whole(directory, monkeypatch):
    from matching import services
    from matching.engine import Matcher

    suggestions_rebuild()
    before = _lists()
    order = services.rebuild_start()
    first, second = order[:2], order[2:]
    suggestions_rebuild_chunk = services.suggestions_rebuild_chunk
    assert suggestions_rebuild_chunk(organization_ids=first, generation="g1") == len(first)
    real = Matcher.suggest

    def fail_halfway(self, org_id, **kw):
        if org_id == second[-1]:
            raise RuntimeError("worker lost")
        return real(self, org_id, **kw)

    monkeypatch.setattr(Matcher, "suggest", fail_halfway)
    with pytest.raises(RuntimeError):
        suggestions_rebuild_chunk(organization_ids=second, generation="g1")
    after = _lists()
    for org in second:  # nothing of the failed chunk was written: the old list, whole
        assert after.get(org) == before.get(org)


def test_a_worker_builds_the_matcher_once_per_rebuild(directory, monkeypatch):
    from matching import services

    built = []
    real = services.build_matcher
    monkeypatch.setattr(services, "build_matcher", lambda: built.append(1) or real())
    order = services.rebuild_start()
    built.clear()
    for chunk in (order[:1], order[1:2], order[2:]):
        services.suggestions_rebuild_chunk(organization_ids=chunk, generation="night-1")
    assert len(built) == 1
    services.suggestions_rebuild_chunk(organization_ids=order[:1], generation="night-2")
    assert len(built) == 2
