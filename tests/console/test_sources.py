"""The parts of the console that read the other apps (introductions, collaborations, events),
over data made through those apps' own services."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from frontend.console import figures
from frontend.console.figures import Filters, Period
from matching.introductions import services as intro_services
from matching.services import suggestions_rebuild
from tests.console.conftest import (
    answer,
    at,
    member_of,
    register,
    request_introduction,
)
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag
from tests.helpers import publish_event

FY2026 = Period(2026)


def values(key, by, filters=None):
    rows = figures.get(key).rows(FY2026, filters or Filters(), by)
    return {r.key: r.value for r in rows if r.value}


@pytest.fixture
def orgs(db):
    return {
        "aoba_npo": OrganizationFactory(
            name="青葉NPO", name_kana="アオバエヌピーオー", kind="npo", ward=tag("area", "aoba")
        ),
        "izumi_assoc": OrganizationFactory(
            name="泉町内会",
            name_kana="イズミチョウナイカイ",
            kind="neighborhood_association",
            ward=tag("area", "izumi"),
        ),
        "company": OrganizationFactory(name="杜の会社", name_kana="モリノカイシャ", kind="company"),
    }


# --- Figures ------------------------------------------------------------------------------------


def _complementary_pair(orgs):
    """The NPO needs volunteers that the company offers; the matcher stores the suggestion."""
    volunteers = tag("resource", "volunteers")
    ListingFactory(organization=orgs["aoba_npo"], kind="need", tags=[volunteers])
    ListingFactory(organization=orgs["company"], kind="offer", tags=[volunteers])
    suggestions_rebuild()


def test_suggestions_first_made_in_the_period_are_counted_once_per_pair(orgs):
    with time_machine.travel(at(2026, 5, 1, 10)):
        _complementary_pair(orgs)
    with time_machine.travel(at(2026, 6, 1, 10)):
        suggestions_rebuild()  # the nightly rebuild does not make old suggestions new
    shown = figures.get("suggestions_shown")
    # Both directions: the company is suggested to the NPO and the NPO to the company.
    assert shown.total(FY2026) == 2
    assert shown.total(Period(2025)) == 0


def test_introductions_are_counted_as_requested_accepted_and_declined(orgs):
    a, b, c = orgs["aoba_npo"], orgs["izumi_assoc"], orgs["company"]
    request_introduction(a, b, when=at(2026, 5, 1, 10))
    accepted = request_introduction(a, c, when=at(2026, 5, 1, 10))
    answer(accepted, when=at(2026, 5, 3, 10))
    declined = request_introduction(b, c, when=at(2026, 6, 1, 10))
    answer(declined, accept=False, reason="too_far", when=at(2026, 6, 2, 10))
    assert figures.get("introductions_requested").total(FY2026) == 3
    assert figures.get("introductions_accepted").total(FY2026) == 1
    assert values("introductions_declined", "reason") == {"too_far": 1}


def test_a_staff_proposal_counts_as_requested(orgs, staff):
    with time_machine.travel(at(2026, 7, 1, 10), tick=False):
        intro_services.introduction_propose(
            organization_a=orgs["aoba_npo"], organization_b=orgs["company"], by=staff, note="配食で"
        )
    assert values("introductions_requested", "month") == {"2026-07": 1}


def test_the_median_time_to_answer_is_in_hours(orgs):
    a = orgs["aoba_npo"]
    for hours in (10, 20, 60):
        intro = request_introduction(a, OrganizationFactory(), when=at(2026, 5, 1, 9))
        answer(intro, when=at(2026, 5, 1, 9) + timedelta(hours=hours))
    assert figures.get("introductions_median_answer_hours").total(FY2026) == 20.0


def test_an_expired_request_is_no_answer_in_the_median(orgs):
    a = orgs["aoba_npo"]
    intro = request_introduction(a, orgs["company"], when=at(2026, 5, 1, 9))
    answer(intro, when=at(2026, 5, 1, 19))
    request_introduction(a, orgs["izumi_assoc"], when=at(2026, 5, 1, 9))
    intro_services.introductions_remind_and_expire(now=at(2026, 6, 15))
    assert figures.get("introductions_median_answer_hours").total(FY2026) == 10.0


def test_the_median_time_to_answer_is_empty_without_answers(db):
    assert figures.get("introductions_median_answer_hours").total(FY2026) is None


def test_a_collaboration_counts_once_in_each_ward_it_spans(orgs):
    a, b = orgs["aoba_npo"], orgs["izumi_assoc"]
    answer(request_introduction(a, b, when=at(2026, 8, 1)), when=at(2026, 8, 2))
    intro_services.collaboration_record(
        by=member_of(a),
        organization=a,
        partner=b,
        title="防災と子ども食堂",
        own_brings="調理",
        partner_brings="会場",
        started_on=date(2026, 9, 1),
    )
    assert figures.get("collaborations_started").total(FY2026) == 1
    assert values("collaborations_started", "ward") == {"aoba": 1, "izumi": 1}
    assert values("collaborations_started", "kind") == {"npo": 1, "neighborhood_association": 1}


def test_a_collaboration_is_found_by_the_ward_of_either_side(orgs):
    a, b = orgs["aoba_npo"], orgs["izumi_assoc"]
    answer(request_introduction(a, b, when=at(2026, 8, 1)), when=at(2026, 8, 2))
    intro_services.collaboration_record(
        by=member_of(a), organization=a, partner=b, title="見守り",
        own_brings="人", partner_brings="場所", started_on=date(2026, 9, 1),
    )  # fmt: skip
    izumi = Filters(ward=tag("area", "izumi"))
    assert figures.get("collaborations_started").total(FY2026, izumi) == 1
    assert figures.get("collaborations_started").total(FY2026, Filters(kind="company")) == 0


def test_only_published_events_that_took_place_are_held(staff):
    publish_event(staff, starts_at=at(2026, 6, 1, 13), title="済")
    called_off = publish_event(staff, starts_at=at(2026, 6, 2, 13), title="中止")
    with time_machine.travel(at(2026, 5, 30), tick=False):
        event_services.event_cancel(event=called_off, by=staff, reason="台風")
    publish_event(staff, starts_at=timezone.now() + timedelta(days=3), title="先")
    assert figures.get("events_held").total(FY2026) == 1


def test_events_cannot_be_narrowed_by_kind(db):
    assert not figures.get("events_held").accepts(Filters(kind="npo"))


def test_attendance_sums_the_people_who_checked_in_by_kind(orgs, staff):
    event = publish_event(staff, starts_at=at(2026, 6, 1, 13), title="交流会")
    came = register(event, orgs["aoba_npo"], attendees=3)
    register(event, orgs["company"], attendees=2)
    with time_machine.travel(at(2026, 6, 1, 12, 50), tick=False):
        event_services.registration_check_in(registration=came, by=staff)
    assert figures.get("registrations").total(FY2026) == 2
    assert values("attendance", "kind") == {"npo": 3}


def test_registrations_of_a_cancelled_event_are_not_counted(orgs, staff):
    event = publish_event(staff, starts_at=at(2026, 6, 1, 13))
    register(event, orgs["aoba_npo"])
    with time_machine.travel(at(2026, 5, 30), tick=False):
        event_services.event_cancel(event=event, by=staff, reason="台風")
    assert figures.get("registrations").total(FY2026) == 0


def test_the_dashboard_shows_the_decline_reasons_beside_the_declines(staff_client, orgs):
    body = staff_client.get(reverse("console:dashboard"), {"fy": 2026}).content.decode()
    assert "chart-introductions_declined-reasons" in body


# --- Console home ---------------------------------------------------------------------------


def test_an_introduction_waiting_ten_days_is_on_the_home_page(staff_client, orgs):
    request_introduction(
        orgs["aoba_npo"], orgs["company"], when=timezone.now() - timedelta(days=10)
    )
    assert "青葉NPO → 杜の会社" in staff_client.get(reverse("console:home")).content.decode()


def test_an_introduction_asked_yesterday_is_not_waiting_too_long(staff_client, orgs):
    request_introduction(orgs["aoba_npo"], orgs["company"], when=timezone.now() - timedelta(days=1))
    assert "青葉NPO → 杜の会社" not in staff_client.get(reverse("console:home")).content.decode()


def test_events_this_week_show_their_registrations(staff_client, staff, orgs):
    event = publish_event(
        staff, starts_at=timezone.now() + timedelta(days=2), title="今週の交流会", capacity=30
    )
    register(event, orgs["company"])
    body = staff_client.get(reverse("console:home")).content.decode()
    assert "今週の交流会" in body
    assert "申込 1人／定員 30人" in body


def test_an_organization_event_waiting_for_review_is_on_the_home_page(staff_client, orgs):
    owner = member_of(orgs["izumi_assoc"])
    start = timezone.now() + timedelta(days=20)
    event = event_services.event_create(
        by=owner, organization=orgs["izumi_assoc"], title="町内会の防災訓練", kind="workshop",
        starts_at=start, ends_at=start + timedelta(hours=2), capacity=40,
    )  # fmt: skip
    event_services.event_submit(event=event, by=owner)
    assert "町内会の防災訓練" in staff_client.get(reverse("console:home")).content.decode()


# --- Introductions board ------------------------------------------------------------------------

BOARD = reverse("console:introductions_board")


@pytest.fixture
def board(orgs, staff):
    intro_services.introduction_propose(
        organization_a=orgs["aoba_npo"], organization_b=orgs["company"], by=staff, note="配食で"
    )
    accepted = request_introduction(
        orgs["izumi_assoc"], orgs["company"], when=timezone.now() - timedelta(days=30)
    )
    answer(accepted, when=timezone.now() - timedelta(days=29))


def _column(response, state):
    column = next(c for c in response.context["columns"] if c["state"] == state)
    return [f"{i.requester.name}→{i.recipient.name}" for i in column["items"]]


def test_the_board_puts_introductions_in_columns_by_state(staff_client, board):
    response = staff_client.get(BOARD)
    assert _column(response, "proposed") == ["青葉NPO→杜の会社"]
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_has_a_column_for_every_state_of_an_introduction(staff_client, board):
    from matching.introductions.models import Status

    states = [c["state"] for c in staff_client.get(BOARD).context["columns"]]
    assert states == list(Status.values)


def test_the_board_filters_by_ward(staff_client, board):
    response = staff_client.get(BOARD, {"ward": "izumi"})
    assert _column(response, "proposed") == []
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_filters_by_kind(staff_client, board):
    response = staff_client.get(BOARD, {"kind": "npo"})
    assert _column(response, "accepted") == []
    assert _column(response, "proposed") == ["青葉NPO→杜の会社"]


def test_the_board_filters_by_the_staff_member_who_proposed(staff_client, board, staff):
    response = staff_client.get(BOARD, {"staff": staff.pk})
    assert _column(response, "proposed") == ["青葉NPO→杜の会社"]
    assert _column(response, "accepted") == []


def test_the_board_filters_by_age(staff_client, board):
    response = staff_client.get(BOARD, {"age": 7})
    assert _column(response, "proposed") == []
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_explains_an_unknown_ward(staff_client, board):
    response = staff_client.get(BOARD, {"ward": "narnia"})
    assert response.status_code == 400
    assert "区・地域「narnia」は登録されていません" in response.content.decode()


def test_members_cannot_open_the_board(member_client, board):
    assert member_client.get(BOARD).status_code == 403


def test_members_cannot_open_a_pairs_history(member_client, board, orgs):
    url = reverse("console:introduction_pair", args=[orgs["aoba_npo"].pk, orgs["company"].pk])
    assert member_client.get(url).status_code == 403


def test_a_pairs_history_lists_its_introductions_and_the_proposal(staff_client, board, orgs):
    url = reverse("console:introduction_pair", args=[orgs["company"].pk, orgs["aoba_npo"].pk])
    body = staff_client.get(url).content.decode()
    assert "青葉NPO → 杜の会社" in body
    assert "introduction.propose" in body


def test_a_deactivated_user_cannot_be_chosen_as_staff(staff_client, board):
    someone = UserFactory()
    assert staff_client.get(BOARD, {"staff": someone.pk}).status_code == 400


def test_the_board_needs_no_more_queries_for_more_introductions(
    staff_client, staff, django_assert_max_num_queries
):
    for _ in range(8):
        intro_services.introduction_propose(
            organization_a=OrganizationFactory(), organization_b=OrganizationFactory(),
            by=staff, note="つなぎたい",
        )  # fmt: skip
    with django_assert_max_num_queries(20):
        staff_client.get(BOARD)


# --- Curate ---------------------------------------------------------------------------------


def test_curate_lists_past_introductions_with_how_they_ended(staff_client, orgs):
    a = orgs["aoba_npo"]
    answer(request_introduction(a, orgs["company"]), accept=False, reason="no_capacity")
    response = staff_client.get(reverse("console:curate_organization", args=[a.pk]))
    body = response.content.decode()
    assert [i.partner.name for i in response.context["introductions"]] == ["杜の会社"]
    assert "今は余力がない" in body


def test_curate_shows_the_matchers_suggestions_with_reasons_in_words(staff_client, orgs):
    _complementary_pair(orgs)
    response = staff_client.get(reverse("console:curate_organization", args=[orgs["aoba_npo"].pk]))
    body = response.content.decode()
    assert [s.partner.name for s in response.context["suggestions"]] == ["杜の会社"]
    assert "『人手・ボランティア』" in body
    assert "{&#x27;" not in body  # reasons are sentences, not raw data


# --- Events desk and seating ----------------------------------------------------------------


@pytest.fixture
def exchange(orgs, staff):
    event = publish_event(
        staff, starts_at=timezone.now() + timedelta(days=5), title="秋の交流会", capacity=6
    )
    volunteers = tag("resource", "volunteers")
    ListingFactory(organization=orgs["aoba_npo"], kind="need", tags=[volunteers])
    ListingFactory(organization=orgs["company"], kind="offer", tags=[volunteers])
    register(event, orgs["aoba_npo"], attendees=2, accommodations=["childcare"])
    register(event, orgs["company"], attendees=3)
    register(event, orgs["izumi_assoc"], attendees=1)
    register(event, OrganizationFactory(name="キャンセル待ち団体"), attendees=2)
    return event


def test_the_events_desk_counts_registrations_and_waitlist(staff_client, exchange):
    response = staff_client.get(reverse("console:events_desk"))
    event = response.context["upcoming"][0]
    assert event.counts["confirmed"] == 3
    assert event.counts["confirmed_people"] == 6
    assert event.counts["waitlisted"] == 1


def test_the_events_desk_shows_accommodation_requests(staff_client, exchange):
    response = staff_client.get(reverse("console:events_desk"))
    assert response.context["upcoming"][0].counts["accommodations"] == 1
    assert reverse("events:manage", args=[exchange.pk]) + "#accommodations" in (
        response.content.decode()
    )


def test_the_events_desk_links_to_the_events_apps_own_pages(staff_client, exchange):
    body = staff_client.get(reverse("console:events_desk")).content.decode()
    for name in ("events:manage", "events:invite", "events:edit", "events:print"):
        assert reverse(name, args=[exchange.pk]) in body
    assert reverse("events:create") in body


def test_an_organizations_event_is_not_on_the_support_centers_desk(staff_client, orgs):
    owner = member_of(orgs["izumi_assoc"])
    start = timezone.now() + timedelta(days=20)
    event_services.event_create(
        by=owner, organization=orgs["izumi_assoc"], title="町内会の夏祭り", kind="festival",
        starts_at=start, ends_at=start + timedelta(hours=2), capacity=40,
    )  # fmt: skip
    assert "町内会の夏祭り" not in staff_client.get(reverse("console:events_desk")).content.decode()


def test_staff_publish_a_draft_event_from_the_desk(staff_client, staff):
    from events import services
    from events.models import EventStatus

    start = timezone.now() + timedelta(days=20)
    event = services.event_create(
        by=staff, title="防災フォーラム", kind="forum", starts_at=start,
        ends_at=start + timedelta(hours=2), capacity=50,
    )  # fmt: skip
    desk = reverse("console:events_desk")
    assert reverse("events:action", args=[event.pk, "publish"]) in (
        staff_client.get(desk).content.decode()
    )
    response = staff_client.post(
        reverse("events:action", args=[event.pk, "publish"]), {"next": desk}
    )
    assert response["Location"] == desk
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_seating_plan_seats_complementary_organizations_with_their_reason(
    staff_client, exchange
):
    response = staff_client.get(reverse("console:seating", args=[exchange.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "「青葉NPO」が求める『" in body
    assert "キャンセル待ち団体" not in body
    assert sum(t.people for t in response.context["plan"].tables) == 6


def test_an_introduced_pair_brings_no_reason_to_the_seating_plan(staff_client, exchange, orgs):
    answer(request_introduction(orgs["aoba_npo"], orgs["company"]))
    body = staff_client.get(reverse("console:seating", args=[exchange.pk])).content.decode()
    assert "「青葉NPO」が求める『" not in body


def test_a_person_registered_alone_is_seated_too(staff_client, staff, exchange):
    # The company cancels (3 seats): the waitlisted group (2) moves up, the person takes the last.
    from events import services

    person = UserFactory(display_name="ひとりで参加")
    with time_machine.travel(exchange.starts_at - timedelta(days=6), tick=False):
        services.registration_cancel(
            registration=exchange.registrations.get(organization__name="杜の会社"), by=staff
        )
        services.registration_create(event=exchange, by=person)
    body = staff_client.get(reverse("console:seating", args=[exchange.pk])).content.decode()
    assert "ひとりで参加" in body


def test_a_table_of_one_is_refused_with_a_message(staff_client, exchange):
    response = staff_client.get(reverse("console:seating", args=[exchange.pk]), {"size": "1"})
    assert response.status_code == 400
    assert "1卓の人数は2〜20人で指定してください" in response.content.decode()


def test_members_cannot_see_the_seating_plan(member_client, exchange):
    assert member_client.get(reverse("console:seating", args=[exchange.pk])).status_code == 403


def test_anonymous_visitors_cannot_see_the_seating_plan(client, exchange):
    response = client.get(reverse("console:seating", args=[exchange.pk]))
    assert response.status_code == 302


def test_staff_pages_show_the_board_and_desk_in_the_console_menu(staff_client):
    body = staff_client.get(reverse("console:home")).content.decode()
    assert reverse("console:introductions_board") in body
    assert reverse("console:events_desk") in body
