"""The directory's filters, shared by the search page and the API (one FilterSet each)."""

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import Facet, Tag

from .models import Listing, ListingKind, OrganizationKind
from .search import keyword_q, relevance
from .selectors import open_needs_exist


class CodePointOrder(Collate):
    """Order by code point whatever the database's collation: "C" on PostgreSQL, BINARY on
    SQLite. With the stored hiragana reading that is 五十音順."""

    def __init__(self, expression):
        super().__init__(expression, "C")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, collation="BINARY", **extra_context)


def _by_reading():
    return [CodePointOrder("name_reading"), "id"]


ORG_SORTS = {
    "kana": _by_reading(),
    "newest": ["-created_at", "-id"],
    "updated": ["-updated_at", "-id"],
}
LISTING_SORTS = {
    "newest": ["-created_at", "-id"],
    "updated": ["-updated_at", "-id"],
    "until": ["until", "-created_at"],
}


def _vocabulary() -> list[tuple]:
    """The tag vocabulary as plain rows, cached for a minute: every filter form shows six facets
    and the vocabulary changes only by migration."""
    rows = cache.get("profiles.filters.vocabulary")
    if rows is None:
        rows = list(
            Tag.objects.order_by("facet", "order", "id").values_list(
                "facet", "slug", "label_ja", "label_en", "number"
            )
        )
        cache.set("profiles.filters.vocabulary", rows, 60)
    return rows


def _tag_choices(facet):
    def choices():
        english = (get_language() or "ja").startswith("en")
        return [
            (slug, f"{number}. {en if english else ja}" if number else (en if english else ja))
            for row_facet, slug, ja, en, number in _vocabulary()
            if row_facet == facet
        ]

    return choices


def _ward_q(prefix: str, slug: str) -> Q:
    """A ward includes its branch areas (宮城総合支所 lies in 青葉区)."""
    return Q(**{f"{prefix}ward__slug": slug}) | Q(**{f"{prefix}ward__parent__slug": slug})


_NOT_A_BOOLEAN = object()


class AnyYesNo(django_filters.widgets.BooleanWidget):
    """A yes/no filter that starts at 「指定なし」 ("any"), not django-filter's "Unknown".
    true / false / 1 / 0 or nothing; anything else is kept so the field can refuse it
    (django-filter's own widget silently dropped it: `?verified=]` listed everyone)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("指定なし")), ("true", _("はい")), ("false", _("いいえ")))

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw in (None, "") or str(raw).lower() in {"true", "false", "1", "0"}:
            return super().value_from_datadict(data, files, name)
        return _NOT_A_BOOLEAN


class StrictBooleanField(forms.NullBooleanField):
    widget = AnyYesNo

    def to_python(self, value):
        if value is _NOT_A_BOOLEAN:
            raise ValidationError(_("true または false を指定してください。"), code="invalid")
        return super().to_python(value)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("キーワード"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("種別"), choices=OrganizationKind.choices)
    ward = django_filters.ChoiceFilter(
        label=_("区・地域"), choices=_tag_choices(Facet.AREA), method="filter_ward"
    )
    field = django_filters.ChoiceFilter(
        label=_("活動分野"), choices=_tag_choices(Facet.FIELD), field_name="fields__slug"
    )
    need = django_filters.ChoiceFilter(
        label=_("求めていること（資源）"),
        choices=_tag_choices(Facet.RESOURCE),
        method="filter_need",
    )
    offer = django_filters.ChoiceFilter(
        label=_("提供できること（資源）"),
        choices=_tag_choices(Facet.RESOURCE),
        method="filter_offer",
    )
    target = django_filters.ChoiceFilter(
        label=_("対象"), choices=_tag_choices(Facet.TARGET), method="filter_target"
    )
    sdg = django_filters.ChoiceFilter(
        label=_("SDGs"), choices=_tag_choices(Facet.SDG), field_name="sdgs__slug"
    )
    yoshi = StrictBooleanFilter(label=_("四方よし宣言企業"), field_name="yoshi_declared")
    verified = StrictBooleanFilter(label=_("確認済みの団体"), field_name="verified")
    open_needs = StrictBooleanFilter(label=_("募集中のことがある"), method="filter_open_needs")
    sort = django_filters.ChoiceFilter(
        label=_("並び順"),
        choices=[
            ("relevance", _("関連度順")),
            ("kana", _("五十音順")),
            ("newest", _("新着順")),
            ("updated", _("更新順")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    def filter_q(self, queryset, name, value: str):
        condition = keyword_q(value)
        return queryset.filter(condition) if condition is not None else queryset

    def filter_ward(self, queryset, name, value: str):
        return queryset.filter(_ward_q("", value))

    def _with_listing(self, queryset, **conditions):
        ids = Listing.objects.public().filter(**conditions).values("organization_id")
        return queryset.filter(pk__in=ids)

    def filter_need(self, queryset, name, value: str):
        return self._with_listing(
            queryset, kind=ListingKind.NEED, tags__slug=value, tags__facet=Facet.RESOURCE
        )

    def filter_offer(self, queryset, name, value: str):
        return self._with_listing(
            queryset, kind=ListingKind.OFFER, tags__slug=value, tags__facet=Facet.RESOURCE
        )

    def filter_target(self, queryset, name, value: str):
        return self._with_listing(queryset, tags__slug=value, tags__facet=Facet.TARGET)

    def filter_open_needs(self, queryset, name, value: bool | None):
        if value is None:
            return queryset
        condition = open_needs_exist()
        return queryset.filter(condition if value else ~condition)

    def filter_sort(self, queryset, name, value: str):
        return queryset  # applied last, in qs: relevance needs the query

    @property
    def qs(self):
        """Relevance by default (exact name, then name, then tag hits, then the rest, each in
        五十音順); 五十音順 when there is no keyword."""
        qs = super().qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        sort = data.get("sort") or "relevance"
        if sort == "relevance":
            rank = relevance(data.get("q") or "")
            if rank is None:
                return qs.order_by(*_by_reading())
            return qs.alias(relevance=rank).order_by("relevance", *_by_reading())
        return qs.order_by(*ORG_SORTS[sort])


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("キーワード"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("種類"), choices=ListingKind.choices)
    ward = django_filters.ChoiceFilter(
        label=_("区・地域"), choices=_tag_choices(Facet.AREA), method="filter_ward"
    )
    resource = django_filters.ChoiceFilter(
        label=_("資源"), choices=_tag_choices(Facet.RESOURCE), method="filter_tag"
    )
    target = django_filters.ChoiceFilter(
        label=_("対象"), choices=_tag_choices(Facet.TARGET), method="filter_tag"
    )
    field = django_filters.ChoiceFilter(
        label=_("活動分野"), choices=_tag_choices(Facet.FIELD), method="filter_tag"
    )
    organization_kind = django_filters.ChoiceFilter(
        label=_("団体の種別"), choices=OrganizationKind.choices, field_name="organization__kind"
    )
    organization = django_filters.NumberFilter(label=_("団体"), field_name="organization_id")
    sort = django_filters.ChoiceFilter(
        label=_("並び順"),
        choices=[
            ("relevance", _("関連度順")),
            ("newest", _("新着順")),
            ("updated", _("更新順")),
            ("until", _("期限が近い順")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    def filter_q(self, queryset, name, value: str):
        condition = keyword_q(value)
        return queryset.filter(condition) if condition is not None else queryset

    def filter_ward(self, queryset, name, value: str):
        return queryset.filter(_ward_q("", value))

    def filter_tag(self, queryset, name, value: str):
        return queryset.filter(
            pk__in=queryset.model.objects.filter(tags__facet=name, tags__slug=value).values("pk")
        )

    def filter_sort(self, queryset, name, value: str):
        return queryset  # applied last, in qs: relevance needs the query

    @property
    def qs(self):
        """Relevance by default (the exact title, then the title, then a tag, then the rest,
        each newest first); newest first when there is no keyword."""
        qs = super().qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        sort = data.get("sort") or "relevance"
        if sort == "relevance":
            rank = relevance(data.get("q") or "")
            if rank is None:
                return qs.order_by(*LISTING_SORTS["newest"])
            return qs.alias(relevance=rank).order_by("relevance", *LISTING_SORTS["newest"])
        return qs.order_by(*LISTING_SORTS[sort])
