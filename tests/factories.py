"""factory_boy factories. Tags come from the installed vocabulary, looked up by slug."""

import factory
from allauth.account.models import EmailAddress

from core.models import Tag
from profiles.models import (
    Listing,
    ListingKind,
    Membership,
    MembershipRole,
    ModerationStatus,
    Organization,
    OrganizationKind,
    User,
)


def tag(facet: str, slug: str) -> Tag:
    return Tag.objects.get(facet=facet, slug=slug)


def tags(facet: str, *slugs: str) -> list[Tag]:
    return [tag(facet, s) for s in slugs]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-tsunagu-2026")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = OrganizationKind.NPO
    name = factory.Sequence(lambda n: f"テスト団体{n}")
    name_kana = factory.Sequence(lambda n: f"テストダンタイ{n}")
    ward = factory.LazyFunction(lambda: tag("area", "aoba"))
    description = "仙台で活動する団体です。"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example")
    contact_phone = factory.Sequence(lambda n: f"022-555-{n:04d}")
    status = ModerationStatus.PUBLISHED

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.fields.set(extracted)

    @factory.post_generation
    def sdgs(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sdgs.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.OWNER


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = ListingKind.NEED
    title = factory.Sequence(lambda n: f"募集{n}")
    description = "詳しくはお問い合わせください。"
    ward = factory.LazyAttribute(lambda o: o.organization.ward)
    moderation = ModerationStatus.PUBLISHED

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create:
            obj.tags.set(extracted or [tag("resource", "volunteers")])
