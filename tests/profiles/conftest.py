"""Helpers for the profiles tests: call the real services to set up data."""

import pytest

from tests.factories import tag, tags


@pytest.fixture
def make_org(staff):
    """An organization made through the service (published unless told otherwise)."""
    from profiles.services.organizations import organization_create

    def make(name="テスト団体", kana="テストダンタイ", kind="npo", ward="aoba", by=None, **extra):
        fields = extra.pop("fields", [])
        if by is None:
            return organization_create(
                by=staff, publish=True, kind=kind, name=name, name_kana=kana,
                ward=tag("area", ward), fields=fields, **extra,
            )  # fmt: skip
        return organization_create(
            by=by, kind=kind, name=name, name_kana=kana, ward=tag("area", ward), fields=fields,
            **extra,
        )  # fmt: skip

    return make


@pytest.fixture
def make_listing(staff):
    from profiles.services.listings import listing_create

    def make(org, title="人手募集", kind="need", resource="volunteers", by=None, **extra):
        extra.setdefault("tags", tags("resource", resource))
        return listing_create(organization=org, by=by or staff, kind=kind, title=title, **extra)

    return make


@pytest.fixture
def captured_signals():
    """Signals the matcher would receive (sent on commit)."""
    from profiles.signals import listing_published, organization_changed

    received = []

    def on_changed(sender, organization_id, reason, **kwargs):
        received.append(("changed", organization_id, reason))

    def on_published(sender, listing_id, **kwargs):
        received.append(("published", listing_id))

    organization_changed.connect(on_changed)
    listing_published.connect(on_published)
    yield received
    organization_changed.disconnect(on_changed)
    listing_published.disconnect(on_published)
