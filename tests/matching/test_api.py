"""The suggestions API over each role: anonymous, member, another organization's member, staff."""

import pytest

from matching.models import Suggestion
from matching.services import suggestions_rebuild
from tests.factories import OrganizationFactory
from tests.helpers import client_for


@pytest.fixture
def built(directory):
    suggestions_rebuild()
    return directory


def url(org):
    return f"/api/v1/organizations/{org.pk}/suggestions/"


def test_anonymous_visitors_cannot_read_suggestions(built):
    assert client_for().get(url(built["chonaikai"])).status_code in {401, 403}


def test_a_member_reads_their_organizations_suggestions_with_reasons(built, chonaikai_owner):
    response = client_for(chonaikai_owner).get(url(built["chonaikai"]))
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["partner"]["name"] == "東北みらい大学 地域連携研究室"
    assert first["partner"]["ward"] == "aoba"
    assert first["reasons"][0]["text"] == (
        "貴団体の募集『夏祭りの担い手募集』に、東北みらい大学 地域連携研究室の提供"
        "『学生の地域調査・参加』が合っています（『担い手・後継者』と『学生・研究協力』、"
        "共通の言葉「祭・担い手」）"
    )


def test_reasons_come_in_english_when_asked(built, chonaikai_owner):
    response = client_for(chonaikai_owner).get(url(built["chonaikai"]) + "?lang=en")
    text = response.json()["results"][0]["reasons"][0]["text"]
    assert text.startswith("Your need “夏祭りの担い手募集” meets 東北みらい大学")
    assert "“Leaders and successors” and “Students and research cooperation”" in text


def test_a_member_of_another_organization_gets_404(built, npo_editor):
    assert client_for(npo_editor).get(url(built["chonaikai"])).status_code == 404


@pytest.mark.parametrize("asked", ["999999", "abc", "-1"])
def test_asking_for_an_organization_that_does_not_exist_is_404_for_staff_and_members(
    built, staff, chonaikai_owner, asked
):
    for user in (staff, chonaikai_owner):
        response = client_for(user).get(f"/api/v1/suggestions/?organization={asked}")
        assert response.status_code == 404, (user, asked)
        assert response.json()["code"] == "not_found"


def test_staff_read_any_organizations_suggestions(built, staff):
    response = client_for(staff).get(f"/api/v1/suggestions/?organization={built['chonaikai'].pk}")
    assert response.status_code == 200
    assert response.json()["results"]


def test_without_an_organization_a_member_gets_their_own(built, chonaikai_owner):
    response = client_for(chonaikai_owner).get("/api/v1/suggestions/")
    assert response.json()["organization"]["id"] == built["chonaikai"].pk


def test_an_organization_with_no_listings_gets_an_empty_list_and_a_hint(built, outsider):
    from tests.factories import MembershipFactory

    empty = OrganizationFactory()
    MembershipFactory(organization=empty, user=outsider)
    response = client_for(outsider).get(url(empty))
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert "Add a need or an offer" in response.json()["hint"]


def test_a_member_dismisses_a_suggestion(built, chonaikai_owner):
    suggestion = Suggestion.objects.filter(organization=built["chonaikai"]).first()
    response = client_for(chonaikai_owner).post(
        f"{url(built['chonaikai'])}{suggestion.pk}/dismiss/", {"reason": "too_far"}, format="json"
    )
    assert response.status_code == 200
    assert not Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_a_member_of_another_organization_cannot_dismiss(built, npo_editor):
    suggestion = Suggestion.objects.filter(organization=built["chonaikai"]).first()
    response = client_for(npo_editor).post(
        f"{url(built['chonaikai'])}{suggestion.pk}/dismiss/", {}, format="json"
    )
    assert response.status_code == 404
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_anonymous_visitors_cannot_dismiss(built):
    suggestion = Suggestion.objects.filter(organization=built["chonaikai"]).first()
    response = client_for().post(f"/api/v1/suggestions/{suggestion.pk}/dismiss/", {})
    assert response.status_code in {401, 403}
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_a_bad_reason_is_refused_with_a_message(built, chonaikai_owner):
    suggestion = Suggestion.objects.filter(organization=built["chonaikai"]).first()
    response = client_for(chonaikai_owner).post(
        f"{url(built['chonaikai'])}{suggestion.pk}/dismiss/", {"reason": "meh"}, format="json"
    )
    assert response.status_code == 400
    assert "理由は一覧から選んでください" in str(response.json())
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_a_suggestion_of_another_organization_cannot_be_dismissed_through_yours(
    built, chonaikai_owner
):
    foreign = Suggestion.objects.exclude(organization=built["chonaikai"]).first()
    response = client_for(chonaikai_owner).post(
        f"{url(built['chonaikai'])}{foreign.pk}/dismiss/", {}, format="json"
    )
    assert response.status_code == 404


def test_the_list_costs_the_same_few_queries_however_many_suggestions(
    built, chonaikai_owner, django_assert_max_num_queries
):
    from tests.matching.conftest import listing

    for i in range(15):
        org = OrganizationFactory(name=f"学生団体{i}", kind="youth_group")
        listing(org, "offer", "youth-participation", title=f"夏祭りの担い手として参加 {i}")
    suggestions_rebuild()
    client = client_for(chonaikai_owner)
    with django_assert_max_num_queries(8):
        response = client.get(url(built["chonaikai"]))
    assert len(response.json()["results"]) == 16


def test_a_reason_naming_a_tag_since_removed_still_renders(built, chonaikai_owner):
    suggestion = Suggestion.objects.filter(organization=built["chonaikai"]).first()
    suggestion.reasons = [{"type": "need_met", "need": "retired-tag", "offer": "retired-tag"}]
    suggestion.save()
    response = client_for(chonaikai_owner).get(url(built["chonaikai"]))
    assert response.status_code == 200
    assert "『retired-tag』" in response.json()["results"][0]["reasons"][0]["text"]


def test_an_organization_with_listings_gets_no_hint(built, chonaikai_owner):
    assert "hint" not in client_for(chonaikai_owner).get(url(built["chonaikai"])).json()
