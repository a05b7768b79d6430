"""The API's filter backend: django-filter, stricter about empty choices.

The directory page and the API share their FilterSets. A page's form sends every field, empty
ones too, and "empty" there means "any"; an API caller who writes `?kind=` has made a mistake
(the schema lists the kinds), so the API says so instead of quietly listing everything."""

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BLANK_CHOICE_MESSAGE = _("空の値は指定できません。選択肢から選ぶか、項目ごと省いてください。")


def refuse_blank_choices(query_params, names) -> None:
    """400 naming every choice parameter that is present but empty (`?kind=`)."""
    blank = {
        name: [BLANK_CHOICE_MESSAGE]
        for name in names
        if name in query_params and not query_params.get(name, "").strip()
    }
    if blank:
        raise ValidationError(blank)


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            choices = [
                name
                for name, field in filterset.filters.items()
                if isinstance(field, ChoiceFilter | MultipleChoiceFilter)
            ]
            refuse_blank_choices(request.query_params, choices)
        return filterset
