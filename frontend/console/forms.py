"""Forms of the console: filters (GET) and the report's targets (POST). They only check input;
writes go through frontend.console.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Tag
from profiles.models import OrganizationKind

from . import figures
from .figures import BREAKDOWNS, Filters, Period, current_fiscal_year


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作した人"), required=False, max_length=100)
    action = forms.CharField(label=_("操作"), required=False, max_length=64)
    target = forms.CharField(label=_("対象"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("終了日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("開始日が終了日より後になっています"))
        return data


def fiscal_year_choices() -> list[tuple[int, str]]:
    this = current_fiscal_year()
    return [(y, Period(y).label()) for y in range(this + 1, this - 10, -1)]


class FigureFilterForm(forms.Form):
    """Which year, which slice and which breakdown of the figures. Wards and fields are given by
    slug (?ward=aoba), so a link can be shared; an unknown one is a clear error."""

    fy = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    ward = forms.CharField(label=_("区・地域"), required=False)
    kind = forms.CharField(label=_("団体の種別"), required=False)
    field = forms.CharField(label=_("活動分野"), required=False)
    by = forms.CharField(label=_("集計の単位"), required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("fy"):
            # No year asked for: the current fiscal year, also shown as selected in the form.
            data = data.copy()
            data["fy"] = str(current_fiscal_year())
        super().__init__(data, **kwargs)
        self.fields["fy"].choices = fiscal_year_choices()
        self.ward_choices = [("", _("すべて"))] + [
            (t.slug, t.label) for t in Tag.objects.filter(facet="area")
        ]
        self.field_choices = [("", _("すべて"))] + [
            (t.slug, t.label) for t in Tag.objects.filter(facet="field")
        ]
        self.kind_choices = [("", _("すべて")), *OrganizationKind.choices]
        self.by_choices = [(k, v) for k, v in BREAKDOWNS.items() if k not in ("total", "reason")]

    def _tag(self, facet: str, name: str, message) -> Tag | None:
        slug = (self.cleaned_data.get(name) or "").strip()
        if not slug:
            return None
        found = Tag.objects.filter(facet=facet, slug=slug).first()
        if found is None:
            raise forms.ValidationError(message % {"slug": slug})
        return found

    def clean_fy(self):
        return self.cleaned_data.get("fy") or current_fiscal_year()

    def clean_ward(self):
        return self._tag("area", "ward", _("区・地域「%(slug)s」は登録されていません"))

    def clean_field(self):
        return self._tag("field", "field", _("活動分野「%(slug)s」は登録されていません"))

    def clean_kind(self):
        kind = (self.cleaned_data.get("kind") or "").strip()
        if kind and kind not in OrganizationKind.values:
            raise forms.ValidationError(_("団体の種別「%(kind)s」はありません") % {"kind": kind})
        return kind or None

    def clean_by(self):
        by = (self.cleaned_data.get("by") or "month").strip()
        if by not in BREAKDOWNS or by == "total":
            raise forms.ValidationError(_("集計の単位「%(by)s」はありません") % {"by": by})
        return by

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["fy"])

    @property
    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(ward=d["ward"], kind=d["kind"], field=d["field"])


class ThresholdsForm(forms.Form):
    grade_a_from = forms.IntegerField(
        label=_("A（着実に進捗）の下限（%）"), min_value=0, max_value=1000
    )
    grade_b_from = forms.IntegerField(
        label=_("B（概ね順調）の下限（%）"), min_value=0, max_value=1000
    )


class TargetsForm(ThresholdsForm):
    """One optional number per available figure; an empty box means "no target this year"."""

    def __init__(self, *args, initial_targets: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_targets = initial_targets or {}
        for figure in figures.available():
            self.fields[f"target_{figure.key}"] = forms.DecimalField(
                label=figure.label,
                help_text=figure.description,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=1,
                initial=initial_targets.get(figure.key),
            )

    def target_fields(self):
        return [self[name] for name in self.fields if name.startswith("target_")]

    def targets(self) -> dict:
        return {
            name.removeprefix("target_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("target_")
        }


class YearForm(forms.Form):
    fy = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean_fy(self):
        return self.cleaned_data.get("fy") or current_fiscal_year()

    def error_text(self) -> str:
        return str(_("年度は2000〜2100の数字で指定してください"))


class BoardFilterForm(forms.Form):
    """Filters of the introductions board: ?ward=aoba&kind=npo&staff=<id>&age=<days>."""

    ward = forms.CharField(required=False)
    kind = forms.CharField(required=False)
    staff = forms.CharField(required=False)
    age = forms.CharField(required=False)

    def clean_ward(self):
        slug = (self.cleaned_data.get("ward") or "").strip()
        if not slug:
            return None
        ward = Tag.objects.filter(facet="area", slug=slug).first()
        if ward is None:
            raise forms.ValidationError(
                _("区・地域「%(slug)s」は登録されていません") % {"slug": slug}
            )
        return ward

    def clean_kind(self):
        kind = (self.cleaned_data.get("kind") or "").strip()
        if kind and kind not in OrganizationKind.values:
            raise forms.ValidationError(_("団体の種別「%(kind)s」はありません") % {"kind": kind})
        return kind or None

    def clean_staff(self):
        from profiles.models import User

        value = (self.cleaned_data.get("staff") or "").strip()
        if not value:
            return None
        staff = (
            User.objects.filter(pk=int(value), is_staff=True).first() if value.isdigit() else None
        )
        if staff is None:
            raise forms.ValidationError(_("その職員はいません"))
        return staff

    def clean_age(self):
        value = (self.cleaned_data.get("age") or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("経過日数は0以上の整数で指定してください"))
        return int(value)

    def filters(self) -> dict:
        d = self.cleaned_data
        return {
            "ward": d["ward"],
            "kind": d["kind"],
            "staff": d["staff"],
            "older_than_days": d["age"],
        }

    def error_messages(self) -> list[str]:
        return [str(e) for errors in self.errors.values() for e in errors]


class SeatingForm(forms.Form):
    size = forms.CharField(required=False)

    def clean_size(self):
        from .planner import DEFAULT_TABLE_SIZE

        value = (self.cleaned_data.get("size") or "").strip() or str(DEFAULT_TABLE_SIZE)
        if not value.isdigit() or not 2 <= int(value) <= 20:
            raise forms.ValidationError(_("1卓の人数は2〜20人で指定してください"))
        return int(value)


class ReviewForm(forms.Form):
    """A curator's decision on a profile; the moderation services do the work and audit it."""

    ACTIONS = {
        "publish": _("公開する"),
        "return": _("コメントを付けて差し戻す"),
        "verify": _("確認済みにする"),
        "unverify": _("確認済みを取り消す"),
        "suspend": _("掲載を停止する"),
    }
    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    comment = forms.CharField(
        label=_("審査コメント（差し戻し・停止には必須。団体の管理者に届きます）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeIntroductionForm(forms.Form):
    """A curator proposes that the curated organization meet a partner; both must accept."""

    partner = forms.IntegerField(
        label=_("紹介する相手"),
        error_messages={
            "required": _("紹介する相手を選んでください"),
            "invalid": _("紹介する相手を選んでください"),
        },
    )
    note = forms.CharField(
        label=_("提案の理由（両方の団体に届きます）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("提案の理由を書いてください"),
        },
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_partner(self):
        from profiles.models import Organization

        partner = Organization.objects.filter(pk=self.cleaned_data["partner"]).first()
        if partner is None or partner.pk == self.organization.pk:
            raise forms.ValidationError(_("紹介する相手を選んでください"))
        return partner
