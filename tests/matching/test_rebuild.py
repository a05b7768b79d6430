"""Stored suggestions: built by one service, read by pages, surviving what they must."""

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
    monkeypatch.setattr(Matcher, "affected_by", lambda self, p: asked.append(p.id) or {p.id})
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
