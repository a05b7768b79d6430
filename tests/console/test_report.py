"""The annual progress report: targets per fiscal year, grades A/B/C, CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditLog
from frontend.console.models import FiscalYearPlan
from frontend.console.selectors import achievement_percent, progress_report
from frontend.console.services import fiscal_year_plan_save
from tests.console.conftest import at, backdate
from tests.factories import OrganizationFactory

AFTER_FY2025 = at(2026, 6, 1)


@pytest.fixture
def ten_registered_in_fy2025(db):
    for _ in range(10):
        backdate(OrganizationFactory(), created_at=at(2025, 9, 1))


def _plan(staff, target, a=100, b=80, year=2025):
    return fiscal_year_plan_save(
        actor=staff,
        fiscal_year=year,
        grade_a_from=a,
        grade_b_from=b,
        targets={"organizations_registered": Decimal(target)},
    )


def _line(staff, year=2025, now=AFTER_FY2025):
    report = progress_report(viewer=staff, fiscal_year=year, now=now)
    return report["lines"][0]


def test_reaching_the_target_is_graded_a(staff, ten_registered_in_fy2025):
    _plan(staff, 10)
    line = _line(staff)
    assert (line["actual"], line["percent"], line["grade"]) == (10, 100.0, "A")


def test_reaching_most_of_the_target_is_graded_b(staff, ten_registered_in_fy2025):
    _plan(staff, 12)
    assert _line(staff)["grade"] == "B"


def test_falling_well_short_is_graded_c(staff, ten_registered_in_fy2025):
    _plan(staff, 20)
    assert _line(staff)["grade"] == "C"


def test_the_thresholds_are_configurable(staff, ten_registered_in_fy2025):
    _plan(staff, 20, a=50, b=25)
    assert _line(staff)["grade"] == "A"


def test_a_year_in_progress_is_graded_against_the_share_due_by_now(staff, db):
    backdate(OrganizationFactory(), created_at=at(2026, 5, 1))
    backdate(OrganizationFactory(), created_at=at(2026, 6, 1))
    _plan(staff, 12, year=2026)
    # 2026-10-01 is half-way through FY2026: 6 of the 12 are due, 2 happened.
    line = _line(staff, year=2026, now=at(2026, 10, 1))
    assert line["prorated"]
    assert line["basis"] == pytest.approx(6.0, abs=0.1)
    assert line["grade"] == "C"


def test_answering_faster_than_the_target_time_counts_as_more_than_reached():
    assert achievement_percent(24, 48, higher_is_better=False) == 200.0


def test_answering_twice_as_slowly_as_the_target_time_is_half_reached():
    assert achievement_percent(96, 48, higher_is_better=False) == 50.0


def test_setting_targets_is_audited(staff, db):
    _plan(staff, 10)
    entry = AuditLog.objects.get(action="report.targets_set")
    assert entry.actor == staff
    assert entry.after["targets"] == {"organizations_registered": "10.0"}


def test_a_b_threshold_above_a_is_refused_and_nothing_changes(staff, db):
    with pytest.raises(ApplicationError, match="B評価の下限はA評価の下限以下"):
        _plan(staff, 10, a=80, b=90)
    assert not FiscalYearPlan.objects.exists()
    assert not AuditLog.objects.exists()


def test_an_unknown_figure_is_refused(staff, db):
    with pytest.raises(ApplicationError, match="指標がありません: sunshine_hours"):
        fiscal_year_plan_save(
            actor=staff,
            fiscal_year=2026,
            grade_a_from=100,
            grade_b_from=80,
            targets={"sunshine_hours": Decimal(1)},
        )


def test_members_cannot_set_targets_even_through_the_service(chonaikai_owner):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _plan(chonaikai_owner, 10)


# --- The pages ---------------------------------------------------------------------------------

TARGETS = reverse("console:report_targets")


def _post(client, **extra):
    data = {"grade_a_from": 100, "grade_b_from": 80, **extra}
    return client.post(f"{TARGETS}?fy=2025", data)


def test_staff_set_targets_on_the_targets_page(staff_client, ten_registered_in_fy2025):
    response = _post(staff_client, target_organizations_registered="10")
    assert response.status_code == 302
    plan = FiscalYearPlan.objects.get(fiscal_year=2025)
    assert plan.targets.get().target == Decimal(10)


def test_a_negative_target_is_refused_on_the_page(staff_client):
    response = _post(staff_client, target_organizations_registered="-5")
    assert response.status_code == 400
    assert not FiscalYearPlan.objects.exists()


def test_inverted_thresholds_are_explained_on_the_page(staff_client):
    response = _post(staff_client, grade_a_from=70, grade_b_from=90)
    assert response.status_code == 400
    assert "B評価の下限はA評価の下限以下にしてください" in response.content.decode()


def test_members_cannot_post_targets(member_client):
    assert _post(member_client, target_organizations_registered="10").status_code == 403
    assert not FiscalYearPlan.objects.exists()


def test_the_report_page_shows_the_grade(staff_client, staff, ten_registered_in_fy2025):
    _plan(staff, 10)
    body = staff_client.get(reverse("console:report"), {"fy": 2025}).content.decode()
    assert "grade-A" in body
    assert "着実に進捗" in body


def test_the_report_without_targets_says_so(staff_client):
    body = staff_client.get(reverse("console:report"), {"fy": 2025}).content.decode()
    assert "この年度の目標はまだ設定されていません。" in body


def test_the_report_exports_as_csv(staff_client, staff, ten_registered_in_fy2025):
    _plan(staff, 20)
    response = staff_client.get(reverse("console:report_csv"), {"fy": 2025})
    rows = list(csv.DictReader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0]["figure"] == "organizations_registered"
    assert (rows[0]["actual"], rows[0]["grade"]) == ("10", "C")


def test_a_year_that_is_not_a_number_is_explained(staff_client):
    response = staff_client.get(reverse("console:report"), {"fy": "soon"})
    assert response.status_code == 400
    assert "年度は2000〜2100の数字で指定してください" in response.content.decode()
