"""協働 records: only between introduced partners, shown publicly only when both agree,
exported as CSV and a printable report."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from matching.introductions import selectors, services

pytestmark = pytest.mark.django_db


def record(by, organization, partner, **extra):
    values = {
        "title": "防災×子ども食堂 炊き出し訓練",
        "own_brings": "会場と参加者",
        "partner_brings": "調理の担い手",
        "started_on": dt.date(2026, 10, 1),
        **extra,
    }
    return services.collaboration_record(
        by=by, organization=organization, partner=partner, **values
    )


def test_introduced_partners_can_record_a_collaboration(
    accepted_intro, chonaikai, npo, chonaikai_owner
):
    c = record(chonaikai_owner, chonaikai, npo, show=True)
    assert c.introduction == accepted_intro
    assert c.a_agrees_to_show
    assert not c.b_agrees_to_show


def test_a_collaboration_with_a_stranger_is_refused(chonaikai, company, chonaikai_owner):
    with pytest.raises(ApplicationError, match="紹介が成立した団体とだけ"):
        record(chonaikai_owner, chonaikai, company)


def test_an_end_before_the_start_is_refused(accepted_intro, chonaikai, npo, chonaikai_owner):
    with pytest.raises(ApplicationError):
        record(chonaikai_owner, chonaikai, npo, ended_on=dt.date(2026, 9, 1))


def test_a_record_is_public_only_when_both_sides_agree(
    accepted_intro, chonaikai, npo, chonaikai_owner, npo_editor
):
    c = record(chonaikai_owner, chonaikai, npo, show=True)
    assert not selectors.public_collaborations(npo).exists()
    services.collaboration_set_visibility(
        collaboration=c, by=npo_editor, organization=npo, show=True
    )
    assert list(selectors.public_collaborations(npo)) == [c]
    assert list(selectors.public_collaborations(chonaikai)) == [c]


def test_one_side_cannot_agree_for_the_other(accepted_intro, chonaikai, npo, chonaikai_owner):
    c = record(chonaikai_owner, chonaikai, npo)
    with pytest.raises(ApplicationError):
        services.collaboration_set_visibility(
            collaboration=c, by=chonaikai_owner, organization=npo, show=True
        )


def test_the_csv_export_lists_my_collaborations(
    client, accepted_intro, chonaikai, npo, chonaikai_owner
):
    record(chonaikai_owner, chonaikai, npo, outcome="参加者80名")
    client.force_login(chonaikai_owner)
    response = client.get("/introductions/collaborations/export.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "炊き出し訓練" in text
    assert "参加者80名" in text


def test_the_csv_export_of_another_person_is_empty(
    client, accepted_intro, chonaikai, npo, chonaikai_owner, company_member
):
    record(chonaikai_owner, chonaikai, npo)
    client.force_login(company_member)
    text = client.get("/introductions/collaborations/export.csv").content.decode("utf-8-sig")
    assert "炊き出し訓練" not in text


def test_the_printable_report_counts_collaborations(
    client, accepted_intro, chonaikai, npo, chonaikai_owner
):
    record(chonaikai_owner, chonaikai, npo)
    client.force_login(chonaikai_owner)
    response = client.get(f"/introductions/collaborations/report/?organization={chonaikai.pk}")
    assert "炊き出し訓練" in response.content.decode()


def test_a_member_of_another_organization_cannot_open_the_record(
    client, accepted_intro, chonaikai, npo, chonaikai_owner, company_member
):
    c = record(chonaikai_owner, chonaikai, npo)
    client.force_login(company_member)
    assert client.get(f"/introductions/collaborations/{c.pk}/").status_code == 404


def test_a_partner_updates_the_outcome(accepted_intro, chonaikai, npo, chonaikai_owner, npo_editor):
    c = record(chonaikai_owner, chonaikai, npo)
    services.collaboration_update(collaboration=c, by=npo_editor, outcome="参加者120名")
    c.refresh_from_db()
    assert c.outcome == "参加者120名"


def test_another_organization_cannot_update_a_record(
    accepted_intro, chonaikai, npo, chonaikai_owner, company_member
):
    c = record(chonaikai_owner, chonaikai, npo)
    with pytest.raises(ApplicationError):
        services.collaboration_update(collaboration=c, by=company_member, outcome="改ざん")
    c.refresh_from_db()
    assert c.outcome == ""


def test_staff_recording_on_behalf_of_an_organization_is_audited(
    accepted_intro, chonaikai, npo, staff
):
    from core.models import AuditLog

    c = record(staff, chonaikai, npo)
    assert AuditLog.objects.filter(action="collaboration.record_on_behalf", actor=staff).exists()
    assert c.recorded_by == staff


def test_the_support_center_figures_count_collaborations_and_outcomes(
    accepted_intro, chonaikai, npo, chonaikai_owner
):
    record(chonaikai_owner, chonaikai, npo)
    figures = selectors.collaboration_figures()
    assert figures["collaborations"] == {"total": 1, "ongoing": 1, "public": 0}
    assert figures["introductions"] == {"accepted": 1}


def test_the_profile_partial_lists_only_records_both_sides_agreed_to_show(
    accepted_intro, chonaikai, npo, chonaikai_owner, npo_editor
):
    from django.template import Context, Template

    c = record(chonaikai_owner, chonaikai, npo, show=True)
    template = Template("{% load collaborations %}{% public_collaborations_of org %}")
    assert "炊き出し訓練" not in template.render(Context({"org": npo}))
    services.collaboration_set_visibility(
        collaboration=c, by=npo_editor, organization=npo, show=True
    )
    assert "炊き出し訓練" in template.render(Context({"org": npo}))


def test_a_partner_edits_the_record_on_its_page(
    client, accepted_intro, chonaikai, npo, chonaikai_owner, npo_editor
):
    c = record(chonaikai_owner, chonaikai, npo)
    client.force_login(npo_editor)
    response = client.post(
        f"/introductions/collaborations/{c.pk}/edit/",
        {"title": c.title, "a_brings": c.a_brings, "b_brings": "調理と食材",
         "started_on": "2026-10-01", "ended_on": "2026-11-30", "outcome": "3回開催"},
    )  # fmt: skip
    c.refresh_from_db()
    assert response.status_code == 302
    assert (c.b_brings, c.outcome, str(c.ended_on)) == ("調理と食材", "3回開催", "2026-11-30")


def test_another_organization_cannot_open_the_edit_page(
    client, accepted_intro, chonaikai, npo, chonaikai_owner, company_member
):
    c = record(chonaikai_owner, chonaikai, npo)
    client.force_login(company_member)
    assert client.get(f"/introductions/collaborations/{c.pk}/edit/").status_code == 404


def test_a_partner_patches_the_outcome_over_the_api(
    accepted_intro, chonaikai, npo, chonaikai_owner, npo_editor
):
    from rest_framework.test import APIClient

    c = record(chonaikai_owner, chonaikai, npo)
    api = APIClient()
    api.force_authenticate(npo_editor)
    response = api.patch(
        f"/api/v1/collaborations/{c.pk}/", {"outcome": "参加者90名"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["outcome"] == "参加者90名"


def test_another_organization_cannot_patch_a_record_over_the_api(
    accepted_intro, chonaikai, npo, chonaikai_owner, company_member
):
    from rest_framework.test import APIClient

    c = record(chonaikai_owner, chonaikai, npo)
    api = APIClient()
    api.force_authenticate(company_member)
    response = api.patch(f"/api/v1/collaborations/{c.pk}/", {"outcome": "x"}, format="json")
    assert response.status_code == 404
