from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import DismissReason


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("理由（任意）"),
        choices=[("", _("選ばない"))] + list(DismissReason.choices),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("理由は一覧から選んでください")},
    )
    comment = forms.CharField(label=_("ひとこと（任意）"), required=False, max_length=500)


# What a company can offer, in the five kinds a company thinks in (people, money, goods,
# skills, venues), each a few resource tags of the vocabulary.
OFFER_GROUPS = (
    ("people", _("人（社員の参加）"), ("employee-volunteers",)),
    ("money", _("お金（資金・協賛）"), ("funding",)),
    ("goods", _("もの（物品・食品・車両）"), ("equipment", "food", "transport")),
    (
        "skills",
        _("技術・専門性"),
        (
            "it-digital",
            "design",
            "publicity",
            "photo-video",
            "expertise",
            "legal",
            "accounting",
            "translation",
            "facilitation",
            "research",
        ),
    ),  # fmt: skip
    ("venues", _("場所（会議室・スペース）"), ("venue",)),
)
OFFER_SLUGS = tuple(slug for _key, _label, slugs in OFFER_GROUPS for slug in slugs)


class CompanyOfferForm(forms.Form):
    offer = forms.MultipleChoiceField(
        label=_("御社が提供できること"),
        choices=[(slug, slug) for slug in OFFER_SLUGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("提供できることは一覧から選んでください")},
    )
    q = forms.CharField(
        label=_("具体的に（任意）"),
        required=False,
        max_length=200,
        help_text=_("例: 社員10名で週末の清掃に参加できます"),
    )
    ward = forms.ChoiceField(label=_("御社の所在地（近い団体を上位にします）"), required=False)

    def __init__(self, *args, wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", _("指定しない"))] + [(w.slug, w.label) for w in wards]
        self.fields["ward"].error_messages["invalid_choice"] = _("区は一覧から選んでください")

    def clean(self):
        data = super().clean()
        if not data.get("offer") and not (data.get("q") or "").strip():
            raise forms.ValidationError(
                _("提供できることを1つ以上選ぶか、具体的に書いてください"), code="empty"
            )
        return data
