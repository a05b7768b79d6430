"""The member page おすすめの連携先: what each role sees."""

import pytest

from matching.models import Dismissal, Suggestion
from matching.services import suggestions_rebuild


@pytest.fixture
def built(directory):
    suggestions_rebuild()
    return directory


def test_a_member_sees_suggestions_with_reasons_quoting_both_listings(client, built, npo_editor):
    client.force_login(npo_editor)
    page = client.get("/suggestions/").content.decode()
    assert "株式会社 杜の都電機" in page
    assert (
        "貴団体の募集『食材費のご支援』に、株式会社 杜の都電機の提供『地域活動への協賛』が"
        "合っています（どちらも『資金・協賛』）"
    ) in page


def test_a_survey_offer_is_not_proposed_for_a_call_for_festival_successors(
    client, built, chonaikai_owner
):
    # Another university offers only 地域調査・データ分析 (student-research, a tag related to
    # successors) and its text never speaks of festivals or successors: matcher v1 proposed it,
    # a coordinator would not.
    from tests.factories import OrganizationFactory
    from tests.matching.conftest import listing

    survey = OrganizationFactory(kind="university", name="杜の都工科大学 データ分析研究室")
    listing(survey, "offer", "student-research", title="地域調査・データ分析の協力",
            description="アンケートの設計や集計、統計分析を学生が研究として行います。")  # fmt: skip
    suggestions_rebuild()
    client.force_login(chonaikai_owner)
    page = client.get("/suggestions/").content.decode()
    assert "東北みらい大学 地域連携研究室" in page
    assert "杜の都工科大学 データ分析研究室" not in page


def test_anonymous_visitors_are_sent_to_log_in(client, built):
    response = client.get("/suggestions/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_of_another_organization_gets_404(client, built, npo_editor):
    client.force_login(npo_editor)
    assert client.get(f"/suggestions/?organization={built['chonaikai'].pk}").status_code == 404


def test_staff_see_any_organizations_suggestions(client, built, staff):
    client.force_login(staff)
    page = client.get(f"/suggestions/?organization={built['chonaikai'].pk}").content.decode()
    assert "東北みらい大学 地域連携研究室" in page


def test_a_person_without_an_organization_is_told_how_to_get_suggestions(client, outsider):
    client.force_login(outsider)
    assert "団体のメンバーになると" in client.get("/suggestions/").content.decode()


def test_each_suggestion_links_to_requesting_an_introduction_to_that_partner(
    client, built, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    suggestion = Suggestion.objects.get(organization=built["chonaikai"], rank=1)
    page = client.get("/suggestions/").content.decode()
    link = f"/introductions/request/?to={suggestion.partner_id}&amp;suggestion={suggestion.pk}"
    assert link in page
    assert f"「{suggestion.partner.name}」への紹介を依頼する" in page


def test_staff_who_are_not_members_are_offered_to_propose_instead_of_request(client, built, staff):
    client.force_login(staff)
    page = client.get(f"/suggestions/?organization={built['chonaikai'].pk}").content.decode()
    assert "/introductions/request/" not in page
    assert f"/introductions/propose/?organization_a={built['chonaikai'].pk}" in page


def test_dismissing_through_htmx_returns_the_list_without_it(client, built, chonaikai_owner):
    client.force_login(chonaikai_owner)
    suggestion = Suggestion.objects.get(organization=built["chonaikai"], rank=1)
    response = client.post(
        f"/suggestions/{suggestion.pk}/dismiss/",
        {"organization": built["chonaikai"].pk, "reason": "not_our_field"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="suggestion-list"')
    assert "今後おすすめに表示しません" in html
    assert Dismissal.objects.get().reason == "not_our_field"


def test_dismissing_without_javascript_redirects_back_with_a_message(
    client, built, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    suggestion = Suggestion.objects.get(organization=built["chonaikai"], rank=1)
    response = client.post(
        f"/suggestions/{suggestion.pk}/dismiss/",
        {"organization": built["chonaikai"].pk, "reason": ""},
        follow=True,
    )
    assert "今後おすすめに表示しません" in response.content.decode()


def test_another_organizations_member_cannot_dismiss_through_the_page(client, built, npo_editor):
    client.force_login(npo_editor)
    suggestion = Suggestion.objects.get(organization=built["chonaikai"], rank=1)
    response = client.post(
        f"/suggestions/{suggestion.pk}/dismiss/", {"organization": built["chonaikai"].pk}
    )
    assert response.status_code == 404
    assert not Dismissal.objects.exists()


def test_a_member_sees_upcoming_events_worth_attending_with_reasons(
    client, built, chonaikai_owner, staff
):
    from tests.helpers import publish_event

    event = publish_event(staff, "successors", title="担い手づくり交流会")
    client.force_login(chonaikai_owner)
    page = client.get("/suggestions/").content.decode()
    assert f'href="/events/{event.pk}/"' in page
    assert (
        "貴団体の募集『夏祭りの担い手募集』に関わるテーマの催しです（どちらも『担い手・後継者』）"
    ) in page


def test_events_on_nothing_the_organization_does_are_not_listed(
    client, built, chonaikai_owner, staff
):
    from tests.helpers import publish_event

    publish_event(staff, "legal", title="法律相談会")
    client.force_login(chonaikai_owner)
    page = client.get("/suggestions/").content.decode()
    assert "法律相談会" not in page
    assert "いまおすすめできる近日のイベントはありません" in page
