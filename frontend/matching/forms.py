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
