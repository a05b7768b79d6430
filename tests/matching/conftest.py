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
