"""The parts of the console that read other helpers' apps (suggestions, introductions,
collaborations, events), tested over stand-ins with the agreed field names
(tests/console/standins.py). After the merge the lead re-runs them over the real models."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontend.console import figures
from frontend.console.figures import Filters, Period
from tests.console.conftest import at
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag

FY2026 = Period(2026)


def values(key, by, filters=None):
    rows = figures.get(key).rows(FY2026, filters or Filters(), by)
    return {r.key: r.value for r in rows if r.value}


@pytest.fixture
def orgs(sources):
    return {
        "aoba_npo": OrganizationFactory(name="青葉NPO", kind="npo", ward=tag("area", "aoba")),
        "izumi_assoc": OrganizationFactory(
            name="泉町内会", kind="neighborhood_association", ward=tag("area", "izumi")
        ),
        "company": OrganizationFactory(name="杜の会社", kind="company"),
    }


# --- Figures ------------------------------------------------------------------------------------


def test_suggestions_shown_are_counted_by_month(sources, orgs):
    sources.Suggestion.objects.create(
        organization=orgs["aoba_npo"], partner=orgs["company"], created_at=at(2026, 7, 3)
    )
    assert values("suggestions_shown", "month") == {"2026-07": 1}


def test_introductions_are_counted_as_requested_accepted_and_declined(sources, orgs):
    intro = sources.Introduction.objects
    a, b, c = orgs["aoba_npo"], orgs["izumi_assoc"], orgs["company"]
    intro.create(requester=a, recipient=b, created_at=at(2026, 5, 1))
    intro.create(
        requester=a,
        recipient=c,
        status="accepted",
        created_at=at(2026, 5, 1),
        answered_at=at(2026, 5, 3),
    )
    intro.create(
        requester=b,
        recipient=c,
        status="declined",
        decline_reason="too_far",
        created_at=at(2026, 6, 1),
        answered_at=at(2026, 6, 2),
    )
    assert figures.get("introductions_requested").total(FY2026) == 3
    assert figures.get("introductions_accepted").total(FY2026) == 1
    assert values("introductions_declined", "reason") == {"too_far": 1}


def test_the_median_time_to_answer_is_in_hours(sources, orgs):
    a, b = orgs["aoba_npo"], orgs["company"]
    for hours in (10, 20, 60):
        sources.Introduction.objects.create(
            requester=a,
            recipient=b,
            status="accepted",
            created_at=at(2026, 5, 1),
            answered_at=at(2026, 5, 1) + timedelta(hours=hours),
        )
    assert figures.get("introductions_median_answer_hours").total(FY2026) == 20.0


def test_the_median_time_to_answer_is_empty_without_answers(sources):
    assert figures.get("introductions_median_answer_hours").total(FY2026) is None


def test_a_collaboration_counts_once_in_each_ward_it_spans(sources, orgs):
    collaboration = sources.Collaboration.objects.create(started_on=date(2026, 9, 1))
    # Through rows directly: an uninstalled stand-in's reverse relation is not on Organization.
    through = sources.Collaboration.organizations.through
    through.objects.bulk_create(
        through(collaboration=collaboration, organization=org)
        for org in (orgs["aoba_npo"], orgs["izumi_assoc"])
    )
    assert figures.get("collaborations_started").total(FY2026) == 1
    assert values("collaborations_started", "ward") == {"aoba": 1, "izumi": 1}


def test_only_published_events_that_took_place_are_held(sources):
    aoba = tag("area", "aoba")
    sources.Event.objects.create(title="済", starts_at=at(2026, 6, 1), ward=aoba)
    sources.Event.objects.create(title="中止", starts_at=at(2026, 6, 2), ward=aoba, status="x")
    sources.Event.objects.create(
        title="先", starts_at=timezone.now() + timedelta(days=3), ward=aoba
    )
    assert figures.get("events_held").total(FY2026) == 1


def test_events_cannot_be_narrowed_by_kind(sources):
    assert not figures.get("events_held").accepts(Filters(kind="npo"))


def test_attendance_sums_the_people_who_checked_in_by_kind(sources, orgs):
    event = sources.Event.objects.create(
        title="交流会", starts_at=at(2026, 6, 1), ward=tag("area", "aoba")
    )
    registration = sources.Registration.objects
    registration.create(
        event=event, organization=orgs["aoba_npo"], attendees=3, checked_in_at=at(2026, 6, 1)
    )
    registration.create(event=event, organization=orgs["company"], attendees=2)
    assert figures.get("registrations").total(FY2026) == 2
    assert values("attendance", "kind") == {"npo": 3}


def test_the_dashboard_shows_the_decline_reasons_beside_the_declines(staff_client, orgs):
    body = staff_client.get(reverse("console:dashboard"), {"fy": 2026}).content.decode()
    assert "chart-introductions_declined-reasons" in body


# --- Console home ---------------------------------------------------------------------------


def test_an_introduction_waiting_ten_days_is_on_the_home_page(staff_client, sources, orgs):
    sources.Introduction.objects.create(
        requester=orgs["aoba_npo"],
        recipient=orgs["company"],
        created_at=timezone.now() - timedelta(days=10),
    )
    assert "青葉NPO → 杜の会社" in staff_client.get(reverse("console:home")).content.decode()


def test_an_introduction_asked_yesterday_is_not_waiting_too_long(staff_client, sources, orgs):
    sources.Introduction.objects.create(
        requester=orgs["aoba_npo"],
        recipient=orgs["company"],
        created_at=timezone.now() - timedelta(days=1),
    )
    assert "青葉NPO → 杜の会社" not in staff_client.get(reverse("console:home")).content.decode()


def test_events_this_week_show_their_registrations(staff_client, sources, orgs):
    event = sources.Event.objects.create(
        title="今週の交流会",
        starts_at=timezone.now() + timedelta(days=2),
        ward=tag("area", "aoba"),
        capacity=30,
    )
    sources.Registration.objects.create(event=event, organization=orgs["company"])
    body = staff_client.get(reverse("console:home")).content.decode()
    assert "今週の交流会" in body
    assert "申込 1／定員 30" in body


def test_an_organization_event_waiting_for_review_is_on_the_home_page(staff_client, sources):
    sources.Event.objects.create(
        title="町内会の防災訓練",
        starts_at=timezone.now() + timedelta(days=20),
        ward=tag("area", "aoba"),
        status="pending",
    )
    assert "町内会の防災訓練" in staff_client.get(reverse("console:home")).content.decode()


# --- Introductions board ------------------------------------------------------------------------

BOARD = reverse("console:introductions_board")


@pytest.fixture
def board(sources, orgs, staff):
    intro = sources.Introduction.objects
    intro.create(requester=orgs["aoba_npo"], recipient=orgs["company"], proposed_by=staff)
    intro.create(
        requester=orgs["izumi_assoc"],
        recipient=orgs["company"],
        status="accepted",
        created_at=timezone.now() - timedelta(days=30),
    )


def _column(response, state):
    column = next(c for c in response.context["columns"] if c["state"] == state)
    return [f"{i.requester.name}→{i.recipient.name}" for i in column["items"]]


def test_the_board_puts_introductions_in_columns_by_state(staff_client, board):
    response = staff_client.get(BOARD)
    assert _column(response, "requested") == ["青葉NPO→杜の会社"]
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_filters_by_ward(staff_client, board):
    response = staff_client.get(BOARD, {"ward": "izumi"})
    assert _column(response, "requested") == []
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_filters_by_kind(staff_client, board):
    response = staff_client.get(BOARD, {"kind": "npo"})
    assert _column(response, "accepted") == []


def test_the_board_filters_by_the_staff_member_who_proposed(staff_client, board, staff):
    response = staff_client.get(BOARD, {"staff": staff.pk})
    assert _column(response, "requested") == ["青葉NPO→杜の会社"]
    assert _column(response, "accepted") == []


def test_the_board_filters_by_age(staff_client, board):
    response = staff_client.get(BOARD, {"age": 7})
    assert _column(response, "requested") == []
    assert _column(response, "accepted") == ["泉町内会→杜の会社"]


def test_the_board_explains_an_unknown_ward(staff_client, board):
    response = staff_client.get(BOARD, {"ward": "narnia"})
    assert response.status_code == 400
    assert "There is no ward or area “narnia”" in response.content.decode()


def test_members_cannot_open_the_board(member_client, board):
    assert member_client.get(BOARD).status_code == 403


def test_members_cannot_open_a_pairs_history(member_client, board, orgs):
    url = reverse("console:introduction_pair", args=[orgs["aoba_npo"].pk, orgs["company"].pk])
    assert member_client.get(url).status_code == 403


def test_a_pairs_history_lists_its_introductions(staff_client, board, orgs):
    url = reverse("console:introduction_pair", args=[orgs["aoba_npo"].pk, orgs["company"].pk])
    assert "青葉NPO" in staff_client.get(url).content.decode()


# --- Curate ---------------------------------------------------------------------------------


def test_curate_shows_suggestions_and_marks_pairs_already_introduced(staff_client, sources, orgs):
    a = orgs["aoba_npo"]
    sources.Suggestion.objects.create(organization=a, partner=orgs["company"], score=0.9)
    sources.Suggestion.objects.create(organization=a, partner=orgs["izumi_assoc"], score=0.5)
    sources.Introduction.objects.create(requester=a, recipient=orgs["company"])
    response = staff_client.get(reverse("console:curate_organization", args=[a.pk]))
    suggestions = response.context["suggestions"]
    assert [s.partner.name for s in suggestions] == ["杜の会社", "泉町内会"]
    assert [s.introduction_status for s in suggestions] == ["requested", None]


# --- Events desk and seating ----------------------------------------------------------------


@pytest.fixture
def exchange(sources, orgs):
    event = sources.Event.objects.create(
        title="秋の交流会", starts_at=timezone.now() + timedelta(days=5), ward=tag("area", "aoba")
    )
    food = tag("resource", "volunteers")
    ListingFactory(organization=orgs["aoba_npo"], kind="need", tags=[food])
    ListingFactory(organization=orgs["company"], kind="offer", tags=[food])
    for org, people in ((orgs["aoba_npo"], 2), (orgs["company"], 3), (orgs["izumi_assoc"], 1)):
        sources.Registration.objects.create(event=event, organization=org, attendees=people)
    extra = OrganizationFactory(name="キャンセル待ち団体")
    sources.Registration.objects.create(event=event, organization=extra, status="waitlisted")
    return event


def test_the_events_desk_counts_registrations_and_waitlist(staff_client, exchange):
    response = staff_client.get(reverse("console:events_desk"))
    event = response.context["upcoming"][0]
    assert event.counts == {"confirmed": 3, "waitlisted": 1}


def test_the_seating_plan_seats_complementary_organizations_with_their_reason(
    staff_client, exchange
):
    response = staff_client.get(reverse("console:seating", args=[exchange.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "「青葉NPO」が求める『" in body
    assert "キャンセル待ち団体" not in body
    assert sum(t.people for t in response.context["plan"].tables) == 6


def test_a_table_of_one_is_refused_with_a_message(staff_client, exchange):
    response = staff_client.get(reverse("console:seating", args=[exchange.pk]), {"size": "1"})
    assert response.status_code == 400
    assert "A table seats 2 to 20 people" in response.content.decode()


def test_members_cannot_see_the_seating_plan(member_client, exchange):
    assert member_client.get(reverse("console:seating", args=[exchange.pk])).status_code == 403


def test_anonymous_visitors_cannot_see_the_seating_plan(client, exchange):
    response = client.get(reverse("console:seating", args=[exchange.pk]))
    assert response.status_code == 302


def test_staff_pages_show_the_board_and_desk_in_the_console_menu(staff_client, sources):
    body = staff_client.get(reverse("console:home")).content.decode()
    assert reverse("console:introductions_board") in body
    assert reverse("console:events_desk") in body


def test_a_deactivated_user_cannot_be_chosen_as_staff(staff_client, board):
    someone = UserFactory()
    assert staff_client.get(BOARD, {"staff": someone.pk}).status_code == 400
