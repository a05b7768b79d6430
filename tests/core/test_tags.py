import pytest

from core.models import Facet, Tag
from core.tags import resolve

pytestmark = pytest.mark.django_db


def test_migrate_installs_the_whole_vocabulary():
    counts = {facet: Tag.objects.filter(facet=facet).count() for facet in Facet.values}
    assert counts == {"field": 21, "resource": 22, "target": 9, "sdg": 17, "area": 7}


def test_sdgs_carry_their_numbers_and_official_short_names():
    assert Tag.objects.get(facet="sdg", number=17).label_ja == "パートナーシップで目標を達成しよう"
    assert Tag.objects.get(facet="sdg", number=1).label_ja == "貧困をなくそう"


def test_branch_areas_lie_inside_their_wards():
    assert Tag.objects.get(slug="miyagi-branch").parent.label_ja == "青葉区"
    assert Tag.objects.get(slug="akiu-branch").parent.label_ja == "太白区"


@pytest.mark.parametrize("typed", ["こども", "子供", "子ども", "ｺﾄﾞﾓ", "コドモ", "children"])
def test_spelling_variants_of_kodomo_find_the_children_target(typed):
    result = resolve([typed], facets=["target"])
    assert [t.slug for t in result.tags] == ["children"]
    assert result.unknown == []


def test_full_width_and_half_width_fold_together():
    assert [t.slug for t in resolve(["ＩＴ・デジタル"], ["resource"]).tags] == ["it-digital"]


def test_kana_reading_finds_a_kanji_tag():
    assert [t.slug for t in resolve(["ｺｳﾚｲｼｬ"], ["target"]).tags] == ["older-people"]


def test_part_of_a_compound_label_finds_it_when_unambiguous():
    assert [t.slug for t in resolve(["人手"], ["resource"]).tags] == ["volunteers"]


def test_sdg_numbers_resolve():
    assert [t.number for t in resolve("3; SDG17、目標5", ["sdg"]).tags] == [3, 17, 5]


def test_names_that_map_to_no_tag_are_reported_not_guessed():
    result = resolve("防災; 宇宙開発; 18", ["field", "sdg"])
    assert [t.slug for t in result.tags] == ["disaster-prevention"]
    assert result.unknown == ["宇宙開発", "18"]


def test_tag_label_follows_the_active_language():
    from django.utils import translation

    tag = Tag.objects.get(facet="resource", slug="successors")
    with translation.override("en"):
        assert tag.label == "Leaders and successors"
    with translation.override("ja"):
        assert tag.label == "担い手・後継者"
