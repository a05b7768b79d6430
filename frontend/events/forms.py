"""Forms for the event pages. They only parse input; the rules live in events.services."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Facet, Tag
from events.models import Accommodation, Event, EventKind
from events.selectors import EventFilters


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _area_choices():
    return [("", _("すべての区"))] + [
        (t.slug, t.label) for t in Tag.objects.filter(facet=Facet.AREA, parent__isnull=True)
    ]


def _tag_choices():
    return [("", _("すべてのテーマ"))] + [
        (t.slug, t.label)
        for t in Tag.objects.filter(facet__in=[Facet.FIELD, Facet.TARGET]).order_by(
            "facet", "order"
        )
    ]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("キーワード"), required=False)
    ward = forms.ChoiceField(label=_("区"), required=False)
    kind = forms.ChoiceField(
        label=_("イベントの種類"),
        required=False,
        choices=[("", _("すべての種類")), *EventKind.choices],
    )
    tag = forms.ChoiceField(label=_("テーマ"), required=False)
    date_from = forms.DateField(
        label=_("開始日（から）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("終了日（まで）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    has_seats = forms.BooleanField(label=_("空席ありのみ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = _area_choices()
        self.fields["tag"].choices = _tag_choices()

    def filters(self) -> EventFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return EventFilters(
            q=data.get("q", ""),
            ward=data.get("ward", ""),
            kind=data.get("kind", ""),
            tag=data.get("tag", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            has_seats=bool(data.get("has_seats")),
        )


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("オンライン参加URL"), required=False, assume_scheme="https", max_length=200
    )
    organization = forms.ModelChoiceField(
        label=_("主催団体"), queryset=None, required=False, empty_label=None
    )

    class Meta:
        model = Event
        fields = [
            "title", "title_kana", "title_en", "kind", "description", "starts_at", "ends_at",
            "venue_name", "address", "ward", "access", "latitude", "longitude", "online_url",
            "capacity", "per_org_limit", "registration_opens_at", "registration_closes_at",
            "fee", "tags", "accessibility", "contact", "contact_phone", "reminder_hours",
        ]  # fmt: skip
        labels = {"kind": _("イベントの種類")}
        # Unlike an organization's contact (shown only through the one door in
        # profiles.selectors), an event's inquiry contact is published: say so where it is typed.
        help_texts = {
            "contact": _("イベントページ・カレンダー・オープンデータに公開されます"),
            "contact_phone": _("イベントページ・カレンダー・オープンデータに公開されます"),
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "tags": forms.CheckboxSelectMultiple(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organizations=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.filter(
            facet__in=[Facet.FIELD, Facet.TARGET]
        ).order_by("facet", "order")
        self.fields["ward"].queryset = Tag.objects.filter(facet=Facet.AREA)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.order_fields(["organization"])
        if self.instance.pk:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            if staff:
                self.fields["organization"].empty_label = _("市民活動サポートセンター（職員）")
            self.fields["organization"].required = not staff

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organization", None)
        data.pop("tags", None)
        return data


class RegistrationForm(forms.Form):
    registrant = forms.ChoiceField(label=_("申込者"))
    attendees = forms.IntegerField(label=_("参加人数"), min_value=1, max_value=999, initial=1)
    attendee_names = forms.CharField(
        label=_("参加者の氏名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1行に1人。受付の名簿に使います。"),
    )
    accommodations = forms.MultipleChoiceField(
        label=_("必要な配慮"),
        required=False,
        choices=Accommodation.choices,
        widget=forms.CheckboxSelectMultiple(),
    )
    accommodations_note = forms.CharField(
        label=_("配慮についての詳細"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例：託児 2歳児1名、車椅子で来場 など"),
    )
    listed = forms.BooleanField(
        label=_("参加団体としてほかの参加者に表示してよい"), required=False, initial=True
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.name) for o in organizations]
        choices.append(("self", _("個人として（自分1人）")))
        self.fields["registrant"].choices = choices

    def organization_id(self) -> int | None:
        value = self.cleaned_data["registrant"]
        return None if value == "self" else int(value)


def month_or_today(value: str | None) -> dt.date:
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)
