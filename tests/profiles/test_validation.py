"""Kind-specific validation: 法人番号, katakana readings, logos, age ranges."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles.models import Organization
from profiles.services.listings import listing_create
from profiles.services.organizations import organization_create
from profiles.validators import corporate_number_check_digit, fold_kana
from tests.factories import tag

pytestmark = pytest.mark.django_db


def _create(user, **extra):
    base = {"kind": "npo", "name": "杜の会", "name_kana": "モリノカイ", "ward": tag("area", "aoba")}
    return organization_create(by=user, **{**base, **extra})


def test_the_national_tax_agencys_own_number_has_a_valid_check_digit():
    assert corporate_number_check_digit("000012050002") == 7


def test_a_valid_corporate_number_is_accepted(outsider):
    org = _create(outsider, legal_form="NPO法人", corporate_number="7000012050002")
    assert org.corporate_number == "7000012050002"


def test_a_wrong_check_digit_is_refused_and_nothing_is_saved(outsider):
    with pytest.raises(ValidationError) as exc:
        _create(outsider, legal_form="NPO法人", corporate_number="1000012050002")
    assert "検査用数字" in str(exc.value.message_dict["corporate_number"])
    assert not Organization.objects.filter(name="杜の会").exists()


def test_a_corporate_number_of_twelve_digits_is_refused(outsider):
    with pytest.raises(ValidationError, match="13"):
        _create(outsider, legal_form="NPO法人", corporate_number="700001205000")


def test_half_width_and_hiragana_readings_are_folded_to_katakana(outsider):
    org = _create(outsider, name_kana="ﾓﾘﾉ かい")
    assert org.name_kana == "モリノ カイ"


def test_a_reading_with_kanji_is_refused(outsider):
    with pytest.raises(ValidationError) as exc:
        _create(outsider, name_kana="杜ノカイ")
    assert "カタカナ" in str(exc.value.message_dict["name_kana"])


def test_over_long_names_are_refused(outsider):
    with pytest.raises(ValidationError) as exc:
        _create(outsider, name="あ" * 121)
    assert "name" in exc.value.message_dict


def test_kind_specific_fields_of_another_kind_are_dropped(outsider):
    org = _create(outsider, kind="company", households=120, industry="製造業")
    assert org.households is None
    assert org.industry == "製造業"


def test_a_youth_group_age_range_must_be_ordered(outsider):
    with pytest.raises(ValidationError) as exc:
        _create(outsider, kind="youth_group", age_min=25, age_max=18)
    assert "age_max" in exc.value.message_dict


def test_a_yoshi_date_without_the_declaration_is_refused(outsider):
    import datetime

    with pytest.raises(ValidationError):
        _create(outsider, kind="company", yoshi_declared_on=datetime.date(2024, 4, 1))


def _png(size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def test_a_png_logo_is_accepted(outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = _create(outsider, logo=SimpleUploadedFile("logo.png", _png(), "image/png"))
    assert org.logo.name.startswith("logos/")


def test_a_logo_that_is_not_an_image_is_refused(outsider):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", "image/png")
    with pytest.raises(ValidationError) as exc:
        _create(outsider, logo=fake)
    assert "画像" in str(exc.value.message_dict["logo"])
    assert not Organization.objects.filter(name="杜の会").exists()


def test_a_logo_over_two_megabytes_is_refused(outsider):
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * (2 * 1024 * 1024), "image/png")
    with pytest.raises(ValidationError, match="2MB"):
        _create(outsider, logo=big)


def test_fold_kana_turns_hiragana_into_katakana():
    assert fold_kana("もりの") == "モリノ"


def test_an_over_long_description_is_refused(outsider):
    with pytest.raises(ValidationError) as exc:
        _create(outsider, description="あ" * 4001)
    assert "4000" in str(exc.value.message_dict["description"])


def test_an_over_long_listing_description_is_refused(npo, npo_editor):
    from tests.factories import tags

    with pytest.raises(ValidationError):
        listing_create(
            organization=npo, by=npo_editor, kind="need", title="長文",
            description="い" * 4001, tags=tags("resource", "volunteers"),
        )  # fmt: skip
