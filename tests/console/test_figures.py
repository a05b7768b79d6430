"""Dashboard figures against a known fixture: by month, fiscal year, ward, kind and field."""

import csv
import io

import pytest
from django.urls import reverse

from frontend.console import figures
from frontend.console.figures import Filters, Period
from tests.console.conftest import at, backdate
from tests.factories import ListingFactory, OrganizationFactory, tag, tags

FY2026 = Period(2026)


@pytest.fixture
def town(db):
    """Three organizations registered in FY2026, one in FY2025, one draft."""
    a = OrganizationFactory(
        name="A", kind="npo", ward=tag("area", "aoba"), fields=tags("field", "child-development")
    )
    b = OrganizationFactory(
        name="B", kind="neighborhood_association", ward=tag("area", "wakabayashi"), verified=True
    )
    c = OrganizationFactory(name="C", kind="company", ward=tag("area", "miyagino"))
    draft = OrganizationFactory(name="D", status="draft")
    old = OrganizationFactory(name="E", kind="npo", ward=tag("area", "aoba"))
    backdate(a, created_at=at(2026, 5, 10))
    backdate(b, created_at=at(2026, 5, 20), verified_at=at(2026, 6, 1))
    backdate(c, created_at=at(2026, 11, 1))
    backdate(draft, created_at=at(2026, 5, 10))
    backdate(old, created_at=at(2025, 8, 1))
    ListingFactory(organization=a, kind="need")
    ListingFactory(organization=a, kind="need")
    ListingFactory(organization=a, kind="need", status="closed")
    ListingFactory(organization=a, kind="need", moderation="pending")
    ListingFactory(organization=b, kind="offer")
    return {"a": a, "b": b, "c": c}


def values(key, by, filters=None, period=FY2026):
    rows = figures.get(key).rows(period, filters or Filters(), by)
    return {r.key: r.value for r in rows if r.value}


def test_registered_organizations_are_counted_by_month(town):
    assert values("organizations_registered", "month") == {"2026-05": 2, "2026-11": 1}


def test_every_month_of_the_fiscal_year_is_a_row_from_april_to_march(town):
    rows = figures.get("organizations_registered").rows(FY2026, Filters(), "month")
    assert [r.key for r in rows][0] == "2026-04"
    assert [r.key for r in rows][-1] == "2027-03"
    assert len(rows) == 12


def test_the_year_total_leaves_out_drafts_and_other_years(town):
    assert figures.get("organizations_registered").total(FY2026) == 3


def test_registrations_are_compared_across_fiscal_years(town):
    assert values("organizations_registered", "fiscal_year") == {"2025": 1, "2026": 3}


def test_the_last_day_of_march_belongs_to_the_previous_fiscal_year(db):
    org = OrganizationFactory()
    backdate(org, created_at=at(2026, 3, 31, 23, 30))
    assert values("organizations_registered", "fiscal_year") == {"2025": 1}


def test_the_first_minutes_of_april_in_sendai_belong_to_the_new_year(db):
    org = OrganizationFactory()
    backdate(org, created_at=at(2026, 4, 1, 0, 10))
    assert values("organizations_registered", "month") == {"2026-04": 1}


def test_registered_organizations_are_counted_by_ward(town):
    assert values("organizations_registered", "ward") == {
        "aoba": 1,
        "wakabayashi": 1,
        "miyagino": 1,
    }


def test_registered_organizations_are_counted_by_kind(town):
    assert values("organizations_registered", "kind") == {
        "npo": 1,
        "neighborhood_association": 1,
        "company": 1,
    }


def test_registered_organizations_are_counted_by_field(town):
    assert values("organizations_registered", "field") == {"child-development": 1}


def test_a_ward_filter_narrows_the_figure(town):
    narrowed = Filters(ward=tag("area", "aoba"))
    assert figures.get("organizations_registered").total(FY2026, narrowed) == 1


def test_a_field_filter_narrows_the_figure(town):
    narrowed = Filters(field=tag("field", "child-development"))
    assert figures.get("organizations_registered").total(FY2026, narrowed) == 1


def test_a_field_filter_without_matches_gives_zero(town):
    narrowed = Filters(field=tag("field", "community-development"))
    assert figures.get("organizations_registered").total(FY2026, narrowed) == 0


def test_verified_organizations_are_counted_in_the_month_they_were_verified(town):
    assert values("organizations_verified", "month") == {"2026-06": 1}


def test_open_needs_now_count_only_open_published_needs(town):
    assert figures.get("needs_open_now").total(FY2026) == 2


def test_open_offers_now_are_counted_by_ward(town):
    assert values("offers_open_now", "ward") == {"wakabayashi": 1}


def test_an_empty_database_gives_zero_for_every_figure(db):
    for figure in figures.available():
        assert figure.total(FY2026) in {0, None}, figure.key


# --- The pages ---------------------------------------------------------------------------------

DASHBOARD = reverse("console:dashboard")


def test_the_dashboard_over_an_empty_database_shows_zeros(staff_client):
    response = staff_client.get(DASHBOARD, {"fy": 2026})
    assert response.status_code == 200
    assert "データはまだありません（すべて0）。" in response.content.decode()


def test_each_chart_is_an_accessible_image_with_a_data_table(staff_client, town):
    body = staff_client.get(DASHBOARD, {"fy": 2026}).content.decode()
    assert 'role="img"' in body
    assert 'aria-labelledby="chart-organizations_registered-title' in body
    assert "<caption>登録団体数のデータ</caption>" in body


def test_the_dashboard_shows_the_year_total(staff_client, town):
    response = staff_client.get(DASHBOARD, {"fy": 2026})
    entry = next(
        e for e in response.context["entries"] if e["figure"].key == "organizations_registered"
    )
    assert entry["total"] == 3


def test_an_unknown_ward_is_a_clear_message_in_the_readers_language(staff_client):
    response = staff_client.get(DASHBOARD, {"ward": "narnia"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "区・地域「narnia」は登録されていません" in body
    assert "There is no ward" not in body
    staff_client.cookies["django_language"] = "en"
    body = staff_client.get(DASHBOARD, {"ward": "narnia"}).content.decode()
    assert "There is no ward or area “narnia”" in body
    assert "登録されていません" not in body


def test_an_unknown_breakdown_is_refused(staff_client):
    assert staff_client.get(DASHBOARD, {"by": "planet"}).status_code == 400


def test_snapshots_show_their_current_total_when_months_are_asked_for(staff_client, town):
    response = staff_client.get(DASHBOARD, {"fy": 2026, "by": "month"})
    entry = next(e for e in response.context["entries"] if e["figure"].key == "needs_open_now")
    assert entry["by"] == "total"
    assert entry["total"] == 2


def _csv(response):
    text = b"".join(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_figure_exports_as_csv(staff_client, town):
    response = staff_client.get(reverse("console:dashboard_csv"), {"fy": 2026})
    rows = _csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert {r["figure"] for r in rows} == {f.key for f in figures.available()}
    may = next(
        r for r in rows if r["figure"] == "organizations_registered" and r["key"] == "2026-05"
    )
    assert may["value"] == "2"


def test_one_figure_exports_by_ward(staff_client, town):
    url = reverse("console:figure_csv", args=["organizations_registered"])
    rows = _csv(staff_client.get(url, {"fy": 2026, "by": "ward"}))
    assert {r["key"]: r["value"] for r in rows if r["value"] != "0"} == {
        "aoba": "1",
        "wakabayashi": "1",
        "miyagino": "1",
    }


def test_the_csv_of_an_unknown_ward_is_refused_with_the_message(staff_client):
    response = staff_client.get(reverse("console:dashboard_csv"), {"ward": "narnia"})
    assert response.status_code == 400
    assert "narnia" in response.content.decode()


def test_the_api_gives_a_figure_by_kind(staff_client, town):
    url = "/api/v1/console/figures/organizations_registered/"
    data = staff_client.get(url, {"fy": 2026, "by": "kind"}).json()
    assert data["total"] == 3
    assert {r["key"]: r["value"] for r in data["rows"]}["company"] == 1


def test_the_api_refuses_an_unknown_ward(staff_client):
    url = "/api/v1/console/figures/organizations_registered/"
    response = staff_client.get(url, {"ward": "narnia"})
    assert response.status_code == 400
    assert "narnia" in str(response.json())


def test_the_api_lists_the_available_figures(staff_client):
    keys = [f["key"] for f in staff_client.get("/api/v1/console/figures/").json()]
    assert "organizations_registered" in keys
    assert "needs_open_now" in keys


def test_the_dashboard_needs_a_fixed_number_of_queries_per_figure(
    staff_client, town, django_assert_max_num_queries
):
    for _ in range(20):
        OrganizationFactory()
    with django_assert_max_num_queries(4 * len(figures.available()) + 15):
        staff_client.get(DASHBOARD, {"fy": 2026, "by": "field"})


def test_changing_the_filters_with_htmx_returns_the_figures_alone(staff_client, town):
    response = staff_client.get(
        DASHBOARD, {"fy": 2026, "by": "kind"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="figures">')
    assert "<html" not in body


def test_the_full_page_holds_the_same_figures_partial(staff_client, town):
    body = staff_client.get(DASHBOARD, {"fy": 2026}).content.decode()
    assert "<html" in body
    assert '<div id="figures">' in body


def test_the_year_selector_shows_the_year_whose_figures_are_on_the_page(staff_client):
    from frontend.console.figures import current_fiscal_year

    html = staff_client.get(reverse("console:dashboard")).content.decode()
    this_year = current_fiscal_year()
    assert f'<option value="{this_year}" selected>' in html
