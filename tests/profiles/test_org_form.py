"""The organization form: only the chosen kind's section counts, required fields are marked."""

import re

import pytest

from profiles.models import Organization
from tests.factories import tag

pytestmark = pytest.mark.django_db


def _post(client, **extra):
    data = {
        "kind": "neighborhood_association",
        "name": "五橋三丁目町内会",
        "name_kana": "イツツバシサンチョウメチョウナイカイ",
        "ward": tag("area", "aoba").pk,
        **extra,
    }
    return client.post("/organizations/new/", data)


def test_it_saves_a_chonaikai_despite_nonsense_in_another_kinds_section(client, outsider):
    # Without JavaScript every section is on the page; what the other kinds' sections hold
    # must neither block the form nor be saved.
    client.force_login(outsider)
    response = _post(
        client, households="120", member_count="たくさん", corporate_number="12",
        yoshi_declared="on", industry="製造業",
    )  # fmt: skip
    assert response.status_code == 302
    org = Organization.objects.get(name="五橋三丁目町内会")
    assert org.households == 120
    assert org.member_count is None
    assert org.industry == ""
    assert org.yoshi_declared is False


def test_it_still_checks_the_chosen_kinds_own_section(client, outsider):
    client.force_login(outsider)
    response = _post(client, households="たくさん")
    assert response.status_code == 200
    assert 'id="id_households_error"' in response.content.decode()
    assert not Organization.objects.filter(name="五橋三丁目町内会").exists()


def test_every_required_field_is_marked_and_the_mark_is_explained(client, outsider):
    client.force_login(outsider)
    body = client.get("/organizations/new/").content.decode()
    assert "は必須項目です。" in body
    for name in ("kind", "name", "name_kana", "ward"):
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', body, re.S)
        assert label, name
        assert 'class="required-mark"' in label.group(1), name
        assert re.search(rf'<(input|select)[^>]*name="{name}"[^>]*required', body), name
    optional = re.search(r'<label for="id_district">(.*?)</label>', body, re.S).group(1)
    assert "required-mark" not in optional


def test_without_javascript_each_kind_section_says_which_kind_it_is_for(client, outsider):
    client.force_login(outsider)
    body = client.get("/organizations/new/").content.decode()
    for heading in ("企業の場合", "NPO・市民活動団体の場合", "町内会・自治会の場合"):
        assert f"<legend>{heading}</legend>" in body
    assert "frontend/org_form" in body  # the enhancement is a static file (CSP: no inline code)
    assert "<script>" not in body


def test_the_sdgs_are_folded_until_one_is_chosen(client, npo, npo_editor):
    client.force_login(npo_editor)
    body = client.get(f"/organizations/{npo.pk}/edit/").content.decode()
    assert '<details class="optional-group">' in body
    npo.sdgs.set([tag("sdg", "sdg-1")])
    body = client.get(f"/organizations/{npo.pk}/edit/").content.decode()
    assert '<details class="optional-group" open>' in body
