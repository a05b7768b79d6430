"""The tag vocabulary endpoint."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from .models import Facet, Tag


class TagSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Tag
        fields = ["id", "facet", "slug", "label", "label_ja", "label_en", "number", "parent"]


class TagFilter(django_filters.FilterSet):
    facet = django_filters.ChoiceFilter(choices=Facet.choices)

    class Meta:
        model = Tag
        fields = ["facet"]


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """The controlled vocabulary. `?facet=resource` lists one facet."""

    queryset = Tag.objects.select_related("parent")
    serializer_class = TagSerializer
    filterset_class = TagFilter
    permission_classes = [AllowAny]
    pagination_class = None
    lookup_field = "slug"

    def filter_queryset(self, queryset):
        # `?facet=` (empty) is not one of the facets: say so rather than list every tag.
        if self.request.query_params.get("facet") == "":
            raise serializers.ValidationError({"facet": [_("種類を選んでください。")]})
        return super().filter_queryset(queryset)
