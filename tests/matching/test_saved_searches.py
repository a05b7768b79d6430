"""Saved searches: a person keeps a directory or listing search and hears about what is
published after it and matches it — one notification per search per batch, never twice."""

import pytest
from django.core import mail

from core.digest import digest_send
from core.errors import ApplicationError
from core.models import Notification
from matching import services
from matching.models import SavedSearch
from profiles.services.listings import listing_create
from profiles.services.organizations import organization_create
from tests.factories import tag, tags

pytestmark = pytest.mark.django_db

IT_CHONAIKAI_IN_TAIHAKU = {
    "kind": "neighborhood_association",
    "ward": "taihaku",
    "need": "it-digital",
}


def _publish_org(staff, name, *, kind="neighborhood_association", ward="taihaku", need=None):
    """A profile the support center publishes, with a need, as the register would add it."""
    org = organization_create(
        by=staff, publish=True, kind=kind, name=name, name_kana="テスト", ward=tag("area", ward)
    )
    if need:
        listing_create(
            organization=org, by=staff, kind="need", title=f"{name}の募集",
            ward=tag("area", ward), tags=tags("resource", need),
        )  # fmt: skip
    return org


def _saved(user, scope="organizations", **params):
    return services.saved_search_create(user=user, scope=scope, params=params)


def _news(user):
    return list(Notification.objects.filter(user=user, kind="matching.saved_search"))


def test_a_new_matching_chonaikai_reaches_the_person_who_saved_the_search(
    outsider, staff, django_capture_on_commit_callbacks
):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_org(staff, "長町五丁目町内会", need="it-digital")
    [note] = _news(outsider)
    assert note.title == (
        "保存した検索「町内会・自治会、太白区、IT・デジタル」に新しい団体が1件あります"
    )
    assert note.body == "長町五丁目町内会"
    assert note.url.startswith("/directory/?")
    assert "ward=taihaku" in note.url


def test_groups_that_do_not_match_are_not_sent(outsider, staff, django_capture_on_commit_callbacks):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_org(staff, "青葉の町内会", ward="aoba", need="it-digital")
        _publish_org(staff, "太白の町内会", need="venue")
    assert _news(outsider) == []


def test_what_was_public_before_the_search_was_saved_is_not_news(
    outsider, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish_org(staff, "長町五丁目町内会", need="it-digital")
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    services.listing_alerts_send()
    assert _news(outsider) == []


def test_one_notification_per_search_per_batch_naming_every_new_match(outsider, staff):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    first = _publish_org(staff, "長町五丁目町内会", need="it-digital")
    second = _publish_org(staff, "富沢南町内会", need="it-digital")
    for org in (first, second):
        services.organization_alert_enqueue(organization_id=org.pk)
    services.listing_alerts_send()
    [note] = _news(outsider)
    assert "2件" in note.title
    assert "長町五丁目町内会" in note.body
    assert "富沢南町内会" in note.body


def test_an_organization_is_never_sent_twice_for_one_search(
    outsider, staff, django_capture_on_commit_callbacks
):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with django_capture_on_commit_callbacks(execute=True):
        org = _publish_org(staff, "長町五丁目町内会", need="it-digital")
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=org, by=staff, kind="need", title="ホームページ作成",
            ward=tag("area", "taihaku"), tags=tags("resource", "it-digital"),
        )  # fmt: skip
    assert len(_news(outsider)) == 1


def test_a_saved_listing_search_hears_of_a_new_need_found_by_its_words(
    outsider, chonaikai, staff, django_capture_on_commit_callbacks
):
    _saved(outsider, scope="listings", q="見守り", kind="need")
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=chonaikai, by=staff, kind="need", title="見守りの担い手",
            ward=chonaikai.ward, tags=tags("resource", "volunteers"),
        )  # fmt: skip
    [note] = _news(outsider)
    assert "新しい募集・提供が1件" in note.title
    assert "「見守りの担い手」" in note.body


def test_the_persons_own_organization_is_left_out(
    chonaikai, chonaikai_owner, staff, django_capture_on_commit_callbacks
):
    _saved(chonaikai_owner, scope="listings", q="見守り")
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=chonaikai, by=staff, kind="need", title="見守りの担い手",
            ward=chonaikai.ward, tags=tags("resource", "volunteers"),
        )  # fmt: skip
    assert _news(chonaikai_owner) == []


def test_the_weekly_digest_lists_what_the_saved_searches_found(
    outsider, staff, django_capture_on_commit_callbacks
):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_org(staff, "長町五丁目町内会", need="it-digital")
    mail.outbox.clear()
    assert digest_send(user_id=outsider.pk)
    body = mail.outbox[-1].body
    assert "■ 保存した検索の新着" in body
    assert "- 長町五丁目町内会" in body


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ward": "atlantis"}, "正しくない条件があります: 区・地域"),
        ({"kind": "club", "need": "it-digital"}, "正しくない条件があります: 種別"),
        ({}, "条件を1つ以上指定してから保存してください"),
        ({"sort": "kana", "page": "2"}, "条件を1つ以上指定してから保存してください"),
        ({"q": "あ" * 101}, "キーワードは100文字以内にしてください"),
    ],
)
def test_a_search_with_wrong_conditions_is_refused_and_nothing_is_saved(outsider, params, message):
    with pytest.raises(ApplicationError) as refused:
        _saved(outsider, **params)
    assert message in str(refused.value.message)
    assert not SavedSearch.objects.exists()


def test_the_same_search_twice_is_refused(outsider):
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with pytest.raises(ApplicationError, match="同じ条件の検索はすでに保存されています"):
        _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    assert SavedSearch.objects.count() == 1


def test_a_refusal_reads_in_english_for_an_english_reader(outsider):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        _saved(outsider, ward="atlantis")
    assert not any("\u3040" <= ch <= "\u30ff" for ch in str(refused.value.message))


def test_a_group_that_matched_all_along_is_no_news_when_it_adds_an_unrelated_listing(
    outsider, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = _publish_org(staff, "長町五丁目町内会", need="it-digital")
    _saved(outsider, kind="neighborhood_association", ward="taihaku")
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=org, by=staff, kind="offer", title="集会所を貸せます",
            ward=tag("area", "taihaku"), tags=tags("resource", "venue"),
        )  # fmt: skip
    assert _news(outsider) == []


def test_an_existing_group_becomes_news_when_its_new_need_meets_the_search(
    outsider, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = _publish_org(staff, "長町五丁目町内会", need="venue")
    _saved(outsider, **IT_CHONAIKAI_IN_TAIHAKU)
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=org, by=staff, kind="need", title="ホームページを作りたい",
            ward=tag("area", "taihaku"), tags=tags("resource", "it-digital"),
        )  # fmt: skip
    [note] = _news(outsider)
    assert note.body == "長町五丁目町内会"


def test_a_keyword_found_only_in_the_groups_name_is_no_news_when_it_adds_a_listing(
    outsider, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = _publish_org(staff, "長町子ども食堂", kind="npo", need="food")
    _saved(outsider, q="子ども食堂")
    with django_capture_on_commit_callbacks(execute=True):
        listing_create(
            organization=org, by=staff, kind="offer", title="集会所を貸せます",
            ward=tag("area", "taihaku"), tags=tags("resource", "venue"),
        )  # fmt: skip
    assert _news(outsider) == []
    with django_capture_on_commit_callbacks(execute=True):
        other = _publish_org(staff, "富沢の会", kind="npo", need="venue")
        listing_create(
            organization=other, by=staff, kind="need", title="子ども食堂のボランティア",
            ward=tag("area", "taihaku"), tags=tags("resource", "volunteers"),
        )  # fmt: skip
    [note] = _news(outsider)
    assert note.body == "富沢の会"
