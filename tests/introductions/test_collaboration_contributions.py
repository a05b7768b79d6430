"""What a company brought to a collaboration (employee-volunteer hours, in-kind value in yen,
the SDGs it touched): recorded and edited by either side, refused when out of range."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from matching.introductions import services
from matching.introductions.models import Collaboration

pytestmark = pytest.mark.django_db


@pytest.fixture
def collaboration(accepted_intro, chonaikai, npo, chonaikai_owner):
    return services.collaboration_record(
        by=chonaikai_owner, organization=chonaikai, partner=npo, title="炊き出し訓練",
        own_brings="会場", partner_brings="調理", started_on=dt.date(2026, 10, 1),
    )  # fmt: skip


def edit_data(**extra):
    return {
        "title": "炊き出し訓練", "a_brings": "会場", "b_brings": "調理",
        "started_on": "2026-10-01", "ended_on": "", "outcome": "", **extra,
    }  # fmt: skip


def test_the_partner_records_hours_value_and_sdgs_on_the_edit_form(
    client, collaboration, npo_editor
):
    client.force_login(npo_editor)
    url = reverse("introductions:collaboration_edit", args=[collaboration.pk])
    response = client.post(
        url, edit_data(volunteer_hours="24.5", in_kind_value="50000", sdgs=["sdg-2", "sdg-11"])
    )
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert str(collaboration.volunteer_hours) == "24.5"
    assert collaboration.in_kind_value == 50_000
    assert set(collaboration.sdgs.values_list("number", flat=True)) == {2, 11}
    page = client.get(reverse("introductions:collaboration", args=[collaboration.pk]))
    assert "24.5 時間" in page.content.decode()
    assert "50,000 円" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("volunteer_hours", "-1"), ("volunteer_hours", "100001"), ("in_kind_value", "-5"),
     ("in_kind_value", "1000000001"), ("volunteer_hours", "たくさん")],
)  # fmt: skip
def test_out_of_range_figures_are_refused_and_change_nothing(
    client, collaboration, chonaikai_owner, field, value
):
    client.force_login(chonaikai_owner)
    url = reverse("introductions:collaboration_edit", args=[collaboration.pk])
    response = client.post(url, edit_data(title="変えたい名前", **{field: value}))
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    collaboration.refresh_from_db()
    assert collaboration.title == "炊き出し訓練"


def test_an_sdg_that_does_not_exist_is_refused(collaboration, chonaikai_owner):
    with pytest.raises(ApplicationError, match="SDGs"):
        services.collaboration_update(
            collaboration=collaboration, by=chonaikai_owner, sdgs=["sdg-18"]
        )


def test_the_service_refuses_negative_hours_without_writing(collaboration, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.collaboration_update(
            collaboration=collaboration, by=chonaikai_owner, volunteer_hours=-3, title="x"
        )
    assert Collaboration.objects.get(pk=collaboration.pk).title == "炊き出し訓練"


def test_an_outsider_cannot_edit_the_figures(client, collaboration, company_member):
    client.force_login(company_member)
    url = reverse("introductions:collaboration_edit", args=[collaboration.pk])
    assert client.post(url, edit_data(volunteer_hours="10")).status_code == 404


def test_each_side_writes_its_own_words_and_consent_on_the_collaboration_page(
    client, collaboration, npo, npo_editor
):
    client.force_login(npo_editor)
    url = reverse("introductions:collaboration", args=[collaboration.pk])
    response = client.post(
        url,
        {"action": "quote", "organization": npo.pk, f"q{npo.pk}-organization": npo.pk,
         f"q{npo.pk}-quote": "地域の方と顔見知りになれました", f"q{npo.pk}-consent": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.b_quote == "地域の方と顔見知りになれました"
    assert collaboration.b_quote_consent


def test_a_side_cannot_write_the_other_sides_words(client, collaboration, chonaikai_owner, npo):
    client.force_login(chonaikai_owner)
    url = reverse("introductions:collaboration", args=[collaboration.pk])
    client.post(
        url,
        {"action": "quote", "organization": npo.pk, f"q{npo.pk}-organization": npo.pk,
         f"q{npo.pk}-quote": "代わりに書いた", f"q{npo.pk}-consent": "on"},
    )  # fmt: skip
    collaboration.refresh_from_db()
    assert collaboration.b_quote == ""
    assert not collaboration.b_quote_consent


def test_the_api_records_and_checks_the_figures_too(client, collaboration, chonaikai_owner):
    client.force_login(chonaikai_owner)
    url = f"/api/v1/collaborations/{collaboration.pk}/"
    bad = client.patch(url, {"volunteer_hours": "-2"}, content_type="application/json")
    assert bad.status_code == 400
    good = client.patch(
        url,
        {"volunteer_hours": "12.5", "in_kind_value": 8000, "sdgs": ["sdg-4"]},
        content_type="application/json",
    )
    assert good.status_code == 200
    assert good.json()["volunteer_hours"] == "12.5"
    assert good.json()["sdgs"] == ["sdg-4"]
