"""「企業の方へ」: what a company can offer, and the groups whose public needs it would meet,
ranked by the matcher (matching.services.offer_search) with the suggestions' reason wording.
Open to everyone: the needs it reads are public, and a company looking before it registers
is the point. Signed in, the organization one acts for is left out and its ward preset."""

from django.shortcuts import render
from django.utils import translation

from core.models import Tag
from matching.engine import render_reason
from matching.selectors import tag_labeler
from matching.services import OFFER_ALSO, offer_search
from profiles.models import Listing, ListingKind, Organization
from profiles.selectors import acting_organization, listing_previews

from .forms import OFFER_GROUPS, CompanyOfferForm

RESULTS = 20


def _fit(score: int, top: int) -> tuple[int, str]:
    from django.utils.translation import gettext as _

    percent = max(5, round(100 * score / (top or 1)))
    word = _("とても合う") if percent >= 80 else _("合う") if percent >= 50 else _("やや合う")
    return percent, word


def _as_ticked(reason: dict, chosen: list[str], text: str, label, lang: str) -> dict:
    """A reason in the company's terms: "your offer" is the box it ticked, or its own words.
    A need for helping hands met through employee volunteers (OFFER_ALSO) names both tags,
    as a related match does, rather than claiming the company offered "volunteers"."""
    reason = dict(reason)
    tag = reason.get("offer") or ""
    if tag in chosen:
        reason["offer_title"] = label("resource", tag, lang)
        return reason
    for slug in chosen:
        if tag in OFFER_ALSO.get(slug, ()):
            reason.update(offer=slug, match="related", offer_title=label("resource", slug, lang))
            return reason
    reason["offer_title"] = text[:40] if text else label("resource", tag, lang)
    return reason


def _offered_by(organization) -> set[str]:
    if organization is None:
        return set()
    return set(
        Listing.objects.public()
        .filter(organization=organization, kind=ListingKind.OFFER, tags__facet="resource")
        .values_list("tags__slug", flat=True)
    )


def for_companies(request):
    acting = acting_organization(request)
    wards = list(Tag.objects.filter(facet="area").order_by("order"))
    asked = any(key in request.GET for key in ("offer", "q", "ward"))
    initial = {"ward": acting.ward.slug if acting is not None and acting.ward_id else ""}
    form = CompanyOfferForm(request.GET if asked else None, wards=wards, initial=initial)
    results = None
    chosen: list[str] = []
    if asked and form.is_valid():
        chosen = form.cleaned_data["offer"]
        text = form.cleaned_data["q"].strip()
        matches = offer_search(
            offers=chosen, text=text, ward=form.cleaned_data["ward"] or None, owner=acting,
            k=RESULTS,
        )  # fmt: skip
        orgs = (
            Organization.objects.published()
            .select_related("ward")
            .in_bulk([m.partner_id for m in matches])
        )
        previews = listing_previews(orgs)
        label = tag_labeler()
        lang = "en" if (translation.get_language() or "ja").startswith("en") else "ja"
        top = max((m.score for m in matches), default=0)
        results = []
        for rank, match in enumerate(matches, start=1):
            org = orgs.get(match.partner_id)
            if org is None:
                continue
            reasons = []
            for reason in match.reasons:
                if reason["type"] == "offer_used":
                    reason = _as_ticked(reason, chosen, text, label, lang)
                sentence = render_reason(reason, lang=lang, partner=org.name, label=label)
                if sentence:
                    reasons.append(sentence)
            percent, word = _fit(match.score, top)
            results.append(
                {"rank": rank, "org": org, "reasons": reasons, "fit_percent": percent,
                 "fit_word": word}
            )  # fmt: skip
    else:
        previews = {}
    groups = []
    labels = {t.slug: t for t in Tag.objects.filter(facet="resource")}
    # Before the first search, the boxes of what the organization already offers are ticked.
    selected = set(request.GET.getlist("offer")) if asked else _offered_by(acting)
    for key, group_label, slugs in OFFER_GROUPS:
        groups.append(
            {"key": key, "label": group_label,
             "options": [(slug, labels[slug].label, slug in selected) for slug in slugs
                         if slug in labels]}
        )  # fmt: skip
    return render(
        request,
        "matching/for_companies.html",
        {
            "form": form,
            "groups": groups,
            "results": results,
            "previews": previews,
            "acting": acting,
            "can_request": acting is not None
            and request.user.has_perm("introductions.request_introduction", acting),
            "report_org": acting
            if acting is not None and request.user.has_perm("introductions.view_csr_report", acting)
            else None,
        },
    )
