"""A small Sendai-like directory around the personas: who needs what, who offers what."""

import pytest

from tests.factories import ListingFactory, MembershipFactory, OrganizationFactory, tag, tags


def listing(organization, kind, *resources, title=None, targets=(), **kw):
    return ListingFactory(
        organization=organization,
        kind=kind,
        title=title or f"{'募集' if kind == 'need' else '提供'}: {', '.join(resources)}",
        tags=tags("resource", *resources) + tags("target", *targets),
        **kw,
    )


@pytest.fixture
def university(db):
    return OrganizationFactory(
        kind="university",
        name="東北みらい大学 地域連携研究室",
        name_kana="トウホクミライダイガク",
        ward=tag("area", "aoba"),
        fields=tags("field", "community-development"),
    )


@pytest.fixture
def university_member(university):
    return MembershipFactory(organization=university, role="owner").user


@pytest.fixture
def directory(chonaikai, npo, company, university):
    """片平の町内会 needs successors; the university offers students; the company offers
    employee volunteers and funding; the NPO needs volunteers and funding and offers a venue."""
    listing(chonaikai, "need", "successors", title="夏祭りの担い手募集", targets=["older-people"])
    listing(chonaikai, "offer", "venue", title="集会所をお貸しします")
    listing(university, "offer", "student-research", title="学生の地域調査・参加",
            description="夏祭りや行事の担い手として、子ども食堂のボランティアとしても、"
                        "ゼミの学生が継続して参加します。")  # fmt: skip
    listing(company, "offer", "employee-volunteers", title="社員ボランティア派遣")
    listing(company, "offer", "funding", title="地域活動への協賛")
    listing(npo, "need", "volunteers", title="子ども食堂の配膳ボランティア")
    listing(npo, "need", "funding", title="食材費のご支援")
    return {"chonaikai": chonaikai, "npo": npo, "company": company, "university": university}


@pytest.fixture
def vocabulary(db):
    """The tag vocabulary, reinstalled if a transactional test flushed it (idempotent). For
    tests marked transaction=True (real worker, browser)."""
    from core.models import Tag
    from core.vocabulary import install

    install(Tag)


def publish_event(by, *resources, ward="aoba", days=10, organization=None, tags_=(), **fields):
    """A published event made through the events services, as the support center (staff) or an
    organization (then published by a staff reviewer) would. `resources`: resource tag slugs."""
    import datetime as dt

    from django.utils import timezone

    from events import services as events

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    values = {
        "title": f"交流会（{'・'.join(resources) or 'テーマなし'}）",
        "kind": "exchange",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "venue_name": "仙台市市民活動サポートセンター",
        "ward": tag("area", ward),
        "capacity": 30,
        **fields,
    }
    event = events.event_create(
        by=by, organization=organization, tags=tags("resource", *resources) + list(tags_), **values
    )
    events.event_submit(event=event, by=by)
    if organization is not None:
        from tests.factories import UserFactory

        reviewer = UserFactory(is_staff=True)
        events.event_publish(event=event, by=reviewer)
    event.refresh_from_db()
    return event
