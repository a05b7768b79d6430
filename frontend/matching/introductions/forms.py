from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Tag
from matching.introductions.models import (
    MAX_IN_KIND_YEN,
    MAX_VOLUNTEER_HOURS,
    QUOTE_MAX,
    DeclineReason,
)


class SdgChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.label}"


def _contribution_fields():
    """What a company brought, for its CSR report (the same on both forms)."""
    return {
        "volunteer_hours": forms.DecimalField(
            label=_("社員ボランティアの延べ時間（任意）"),
            required=False,
            min_value=0,
            max_value=MAX_VOLUNTEER_HOURS,
            decimal_places=1,
            max_digits=7,
            help_text=_("参加した人数×時間の合計。例: 10人×4時間なら40"),
            widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        ),
        "in_kind_value": forms.IntegerField(
            label=_("物品・サービス提供の金額換算（円・任意）"),
            required=False,
            min_value=0,
            max_value=MAX_IN_KIND_YEN,
            help_text=_("貸した会議室、寄付した物品、無償のサービスなどを金額に換算した合計"),
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        ),
        "sdgs": SdgChoiceField(
            label=_("関わるSDGs（任意）"),
            queryset=Tag.objects.filter(facet="sdg").order_by("number"),
            required=False,
            to_field_name="slug",
            widget=forms.CheckboxSelectMultiple,
        ),
    }


class _Contributions:
    def _add_contributions(self):
        for name, f in _contribution_fields().items():
            self.fields[name] = f

    def clean_volunteer_hours(self):
        return self.cleaned_data.get("volunteer_hours") or 0

    def clean_in_kind_value(self):
        return self.cleaned_data.get("in_kind_value") or 0


class RequestForm(forms.Form):
    requester = forms.TypedChoiceField(label=_("依頼する団体"), coerce=int)
    message = forms.CharField(
        label=_("メッセージ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("どんなことを一緒にしたいか、相手に伝えてください。"),
    )
    suggestion = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].choices = [(o.pk, o.name) for o in organizations]


class ProposeForm(forms.Form):
    organization_a = forms.IntegerField(label=_("団体A（ID）"))
    organization_b = forms.IntegerField(label=_("団体B（ID）"))
    note = forms.CharField(
        label=_("提案の理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("見送りの理由"), choices=DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("補足（任意）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("メッセージ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CollaborationForm(_Contributions, forms.Form):
    organization = forms.TypedChoiceField(label=_("記録する団体"), coerce=int)
    partner = forms.TypedChoiceField(label=_("協働の相手"), coerce=int)
    title = forms.CharField(label=_("協働の名前"), max_length=200)
    own_brings = forms.CharField(
        label=_("自分の団体が持ち寄るもの"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partner_brings = forms.CharField(
        label=_("相手が持ち寄るもの"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("終了日（任意）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.CharField(
        label=_("成果（任意）"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    show = forms.BooleanField(
        label=_("両方の団体のプロフィールに表示することに同意する"),
        required=False,
        help_text=_("相手も同意したときだけ表示されます。"),
    )

    def __init__(self, *args, organizations=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        self.fields["partner"].choices = [(o.pk, o.name) for o in partners]
        self._add_contributions()
        # The consent to show stays the last question.
        self.fields["show"] = self.fields.pop("show")


class CollaborationEditForm(_Contributions, forms.Form):
    title = forms.CharField(label=_("協働の名前"), max_length=200)
    a_brings = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    b_brings = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("終了日（任意）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.CharField(
        label=_("成果（任意）"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        # Each side is named, so nobody has to remember which one is "A".
        self.fields["a_brings"].label = _("%(name)s が持ち寄るもの") % {
            "name": collaboration.organization_a.name
        }
        self.fields["b_brings"].label = _("%(name)s が持ち寄るもの") % {
            "name": collaboration.organization_b.name
        }
        self._add_contributions()


class QuoteForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("協働についてのひとこと（任意）"),
        max_length=QUOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("相手の団体が活動報告（CSR・四方よし報告など）にこの声を引用することに同意する"),
        required=False,
    )
