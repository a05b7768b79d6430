"""The tag vocabulary endpoint."""

import django_filters
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from .models import Facet, Tag


class TagSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

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
