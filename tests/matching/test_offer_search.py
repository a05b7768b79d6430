"""「企業の方へ」: a company ticks what it can offer and sees the groups whose public needs it would
meet, ranked by the matcher (the same formula as a new offer's reverse alerts) with the
suggestions' reason wording."""

import pytest
from django.conf import settings
from django.urls import reverse

from matching.engine import Matcher, OrgProfile
from matching.services import offer_search
from tests.factories import ListingFactory, OrganizationFactory, tag

pytestmark = pytest.mark.django_db

URL = reverse("for_companies")


@pytest.fixture
def groups(chonaikai, npo):
    """Calls for helping hands, for sponsorship and for IT help; a company's call for a
    place to send its employees; an offer that is nobody's need."""
    ListingFactory(
        organization=chonaikai, title="夏祭りの担い手を募集", tags=[tag("resource", "volunteers")],
        description="設営や模擬店を手伝ってくれる方を探しています。",
    )  # fmt: skip
    ListingFactory(
        organization=npo, title="回覧板のデジタル化", tags=[tag("resource", "it-digital")],
        description="LINEで届けたい。",
    )  # fmt: skip
    youth = OrganizationFactory(kind="youth_group", name="若林ユースラボ", ward=tag("area", "aoba"))
    ListingFactory(organization=youth, title="活動資金の協賛", tags=[tag("resource", "funding")])
    other_company = OrganizationFactory(kind="company", name="株式会社 青葉印刷")
    ListingFactory(
        organization=other_company, title="社員が参加できる地域活動",
        tags=[tag("resource", "employee-volunteers")],
    )  # fmt: skip
    ListingFactory(organization=npo, kind="offer", title="会議室", tags=[tag("resource", "venue")])
    return {"youth": youth, "other_company": other_company}


def names(matches):
    from profiles.models import Organization

    orgs = Organization.objects.in_bulk([m.partner_id for m in matches])
    return [orgs[m.partner_id].name for m in matches]


def test_employee_volunteers_meet_the_calls_for_helping_hands(groups, company):
    found = offer_search(offers=["employee-volunteers"], owner=company)
    assert names(found) == ["片平一丁目町内会"]
    reason = found[0].reasons[0]
    assert reason["type"] == "offer_used"
    assert reason["need_title"] == "夏祭りの担い手を募集"


def test_other_companies_calls_for_placements_are_not_groups_to_help(groups, company):
    found = names(offer_search(offers=["employee-volunteers"], owner=company))
    assert "株式会社 青葉印刷" not in found


def test_funding_and_it_find_their_groups(groups, company):
    assert names(offer_search(offers=["funding"], owner=company)) == ["若林ユースラボ"]
    assert names(offer_search(offers=["it-digital"], owner=company)) == ["NPO法人 杜の子ども食堂"]


def test_nothing_offered_finds_nothing(groups):
    assert offer_search(offers=[], text="  ") == []


def test_the_same_ward_ranks_first_among_equal_needs(chonaikai, npo):
    for org in (chonaikai, npo):
        ListingFactory(organization=org, title="協賛のお願い", tags=[tag("resource", "funding")])
    aoba = names(offer_search(offers=["funding"], ward="aoba"))
    wakabayashi = names(offer_search(offers=["funding"], ward="wakabayashi"))
    assert aoba[0] == "片平一丁目町内会"
    assert wakabayashi[0] == "NPO法人 杜の子ども食堂"


def test_the_engine_ranks_as_a_new_offer_would_be_ranked():
    """offer_search is `needing` with reasons: the same organizations in the same order."""
    dirs = [
        OrgProfile(1, "company", ward="aoba", offers={"venue": ("会議室",)}),
        OrgProfile(2, "npo", ward="aoba", needs={"venue": ("練習場所",)}),
        OrgProfile(3, "neighborhood_association", ward="izumi", needs={"venue": ("会場",)}),
        OrgProfile(4, "company", ward="aoba", needs={"venue": ("研修会場",)}),
    ]
    matcher = Matcher(dirs)
    needing = [b for b, _s, _w in matcher.needing(["venue"], owner_id=1, ward="aoba")]
    searched = [m.partner_id for m in matcher.offer_search(["venue"], owner_id=1, ward="aoba")]
    assert searched == needing
    skipped = matcher.offer_search(["venue"], owner_id=1, ward="aoba", skip_kinds=["company"])
    assert [m.partner_id for m in skipped] == [b for b in needing if b != 4]


def test_the_page_shows_ranked_groups_with_reasons_to_anyone(client, groups):
    page = client.get(URL, {"offer": ["employee-volunteers", "funding"]}).content.decode()
    assert "1位" in page
    assert "片平一丁目町内会" in page
    assert "若林ユースラボ" in page
    assert "の募集『夏祭りの担い手を募集』に、貴団体の提供『社員ボランティア』が役立ちます" in page
    assert "団体を登録して紹介を依頼する" in page


def test_a_company_member_can_ask_for_an_introduction_and_open_its_report(
    client, groups, company, company_member
):
    client.force_login(company_member)
    page = client.get(URL, {"offer": ["it-digital"]}).content.decode()
    assert "への紹介を依頼する" in page
    assert reverse("introductions:csr_report", args=[company.pk]) in page


def test_an_empty_choice_says_what_to_do_and_shows_no_results(client, groups):
    page = client.get(URL, {"offer": [], "q": ""}).content.decode()
    assert "提供できることを1つ以上選ぶか、具体的に書いてください" in page
    assert "1位" not in page


def test_an_unknown_offer_is_refused_with_a_message(client, groups):
    page = client.get(URL, {"offer": ["gold-bars"]}).content.decode()
    assert "提供できることは一覧から選んでください" in page


def test_the_page_speaks_english(client, groups):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL, {"offer": ["employee-volunteers"]}).content.decode()
    assert "For companies" in page
    assert "No. 1" in page
    assert "Employee volunteers" in page


def test_the_home_page_leads_companies_to_it(client):
    assert URL in client.get("/").content.decode()


def test_the_page_reads_in_the_same_number_of_queries_however_many_groups(client, groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL, {"offer": ["funding"]})  # the matcher is built once for the directory
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"offer": ["funding"]})
    with CaptureQueriesContext(connection) as several:
        client.get(URL, {"offer": ["funding", "employee-volunteers", "it-digital"]})
    assert len(several) == len(one)


def test_what_the_company_already_offers_is_ticked_before_the_first_search(
    client, groups, company, company_member
):
    ListingFactory(
        organization=company, kind="offer", title="会議室", tags=[tag("resource", "venue")]
    )
    client.force_login(company_member)
    page = client.get(URL).content.decode()
    assert 'value="venue" id="offer-venue" checked' in page
    assert 'value="funding" id="offer-funding">' in page
