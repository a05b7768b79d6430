"""Forms for the profile pages. They only collect input: the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Facet, Tag
from profiles.models import KIND_FIELDS, LEGAL_FORMS, ListingKind, MembershipRole, Organization


class TagChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display


def _tags(*facets):
    return Tag.objects.filter(facet__in=facets).order_by("facet", "order")


class OrganizationForm(forms.ModelForm):
    fields_ = TagChoiceField(queryset=_tags(Facet.FIELD), required=False, label=_("活動分野"))
    sdgs = TagChoiceField(queryset=_tags(Facet.SDG), required=False, label=_("SDGs"))
    logo = forms.FileField(
        label=_("ロゴ"), required=False, help_text=_("PNG・JPEG・GIF・WebP、2MB まで")
    )
    remove_logo = forms.BooleanField(label=_("いまのロゴを削除する"), required=False)
    website = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")
    legal_form = forms.ChoiceField(
        label=_("法人格"), choices=[("", "---------"), *LEGAL_FORMS], required=False
    )

    class Meta:
        model = Organization
        fields = [
            "kind", "name", "name_kana", "ward", "district", "description", "website",
            "contact_email", "contact_phone",
            "yoshi_declared", "yoshi_declared_on", "industry", "company_size",
            "legal_form", "corporate_number", "households", "area_covered", "faculty_or_lab",
            "member_count", "age_min", "age_max",
        ]  # fmt: skip
        widgets = {
            "yoshi_declared_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "name_kana": _("カタカナで（ひらがな・半角カナも自動で直します）"),
            "corporate_number": _("13桁（NPO法人・社団法人など）"),
            "contact_email": _("公開されません（メンバー・職員・紹介が成立した団体のみ）"),
            "contact_phone": _("公開されません（メンバー・職員・紹介が成立した団体のみ）"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _tags(Facet.AREA)
        self.fields["ward"].label_from_instance = lambda t: t.label
        if self.instance.pk:
            self.fields["fields_"].initial = list(self.instance.fields.all())
            self.fields["sdgs"].initial = list(self.instance.sdgs.all())
        if not self.instance.logo:
            del self.fields["remove_logo"]  # offered only when there is a logo to remove
        # Each form field is given an explicit kind group for the template's fieldsets.
        self.order_fields(["kind", "name", "name_kana", "ward", "district", "description",
                           "fields_", "sdgs", "website", "logo", "remove_logo"])  # fmt: skip

    KIND_GROUPS = [
        ("company", _("企業の場合")),
        ("npo", _("NPO・市民活動団体の場合")),
        ("neighborhood_association", _("町内会・自治会の場合")),
        ("university", _("大学・学校の場合")),
        ("youth_group", _("若者団体の場合")),
    ]
    CONTACT = ["contact_email", "contact_phone"]
    # Shown above the kind's own section, so the section appears right under the choice.
    BASIC = ["kind", "name", "name_kana", "ward", "district"]

    def basic_fields(self):
        return [self[name] for name in self.BASIC]

    def about_fields(self):
        kind_specific = {f for fields in KIND_FIELDS.values() for f in fields}
        skip = kind_specific | set(self.CONTACT) | set(self.BASIC)
        return [self[name] for name in self.fields if name not in skip]

    def contact_fields(self):
        return [self[name] for name in self.CONTACT]

    def kind_groups(self):
        return [
            (kind, legend, [self[name] for name in KIND_FIELDS[kind]])
            for kind, legend in self.KIND_GROUPS
        ]

    def clean(self):
        # Only the chosen kind's section counts: what the other sections hold (filled in before
        # the kind was changed, or sent by a page without JavaScript, which shows them all) is
        # neither validated nor saved.
        data = super().clean()
        own = set(KIND_FIELDS.get(data.get("kind") or self.data.get("kind"), []))
        for fields in KIND_FIELDS.values():
            for name in set(fields) - own:
                self._errors.pop(name, None)
                data.pop(name, None)
        return data

    def _post_clean(self):
        # Model validation happens in the service (one place); skip ModelForm's copy of it.
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        fields = data.pop("fields_", [])
        sdgs = data.pop("sdgs", [])
        logo = data.pop("logo", None)
        remove = data.pop("remove_logo", False)
        # A new file replaces the logo; the box alone removes it (False tells the service).
        logo = logo or (False if remove else None)
        return {"fields": list(fields), "sdgs": list(sdgs), "logo": logo, **data}


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=ListingKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("件名"), max_length=120)
    description = forms.CharField(
        label=_("内容"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    resources = TagChoiceField(
        queryset=_tags(Facet.RESOURCE), label=_("資源（1つ以上）"), required=False
    )
    targets = TagChoiceField(queryset=_tags(Facet.TARGET), label=_("対象"), required=False)
    fields_ = TagChoiceField(queryset=_tags(Facet.FIELD), label=_("活動分野"), required=False)
    ward = forms.ModelChoiceField(
        queryset=_tags(Facet.AREA), label=_("区・地域"), required=False,
        empty_label=_("団体と同じ"),
    )  # fmt: skip
    until = forms.DateField(
        label=_("募集期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, listing=None, **kwargs):
        if listing is not None:
            tags = list(listing.tags.all())
            kwargs.setdefault(
                "initial",
                {
                    "kind": listing.kind,
                    "title": listing.title,
                    "description": listing.description,
                    "resources": [t for t in tags if t.facet == Facet.RESOURCE],
                    "targets": [t for t in tags if t.facet == Facet.TARGET],
                    "fields_": [t for t in tags if t.facet == Facet.FIELD],
                    "ward": listing.ward,
                    "until": listing.until,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["ward"].label_from_instance = lambda t: t.label

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "tags": [*data["resources"], *data["targets"], *data["fields_"]],
            "ward": data["ward"],
            "until": data["until"],
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("招待する人のメールアドレス"))
    role = forms.ChoiceField(label=_("役割"), choices=MembershipRole.choices, initial="editor")


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("コメント（差し戻しでは必須）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )  # fmt: skip


class ImportForm(forms.Form):
    organizations = forms.FileField(label=_("団体ファイル（CSV または .xlsx）"))
    listings = forms.FileField(label=_("募集・提供ファイル（任意）"), required=False)

    def _capped(self, name):
        from profiles.importer import import_max_bytes

        upload = self.cleaned_data.get(name)
        limit = import_max_bytes()
        # An upload past its cap reached the form as a stand-in without content (core/uploads).
        if upload and (upload.size > limit or getattr(upload, "oversized", False)):
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限 %(limit)s MB）。分けて取り込んでください"),
                params={"limit": limit // 1024 // 1024},
                code="too_big",
            )
        if upload and not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError(
                _("CSV か Excel（.xlsx）のファイルを選んでください"), code="format"
            )
        return upload

    def clean_organizations(self):
        return self._capped("organizations")

    def clean_listings(self):
        return self._capped("listings")
