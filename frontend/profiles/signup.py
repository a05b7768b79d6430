from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("表示名"), max_length=80, required=False, help_text=_("他の利用者に表示される名前")
    )
    preferred_language = forms.ChoiceField(
        label=_("表示言語"), choices=User.Language.choices, initial=User.Language.JA
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "preferred_language"])
