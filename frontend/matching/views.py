"""The member page "おすすめの連携先 / Suggestions": stored suggestions with their reasons, and
"not interested". Staff see any organization's list with ?organization=<id>."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from matching import selectors, services
from matching.event_selectors import event_suggestions_for_organization
from matching.introductions.rules import member_org_ids
from matching.introductions.selectors import live_introductions_with
from profiles.models import Organization
from profiles.selectors import listing_previews

from .forms import DismissForm


def _context(request, organization):
    label = selectors.tag_labeler()
    under_way = live_introductions_with(organization)
    items = [
        (s, selectors.reasons_for(s, label=label), under_way.get(s.partner_id))
        for s in selectors.suggestion_list(viewer=request.user, organization=organization)
    ]
    return {
        "organization": organization,
        "items": items,
        "previews": listing_previews([s.partner_id for s, _r, _i in items]),
        "has_listings": bool(items) or selectors.has_listings(organization),
        "dismiss_form": DismissForm(),
        # Members ask for an introduction for their organization; staff who are not members
        # propose one between the two instead (the request form only offers own organizations).
        "can_request": organization.pk in member_org_ids(request.user),
        "can_propose": request.user.has_perm("introductions.propose_introduction"),
    }


@login_required
def suggestions(request):
    own = list(selectors.organizations_acted_for(viewer=request.user))
    chosen = request.GET.get("organization")
    if not chosen and not own:
        staff_choices = (
            Organization.objects.published().order_by("name_kana")
            if request.user.is_staff
            else None
        )
        return render(
            request,
            "matching/suggestions.html",
            {"organization": None, "own": own, "staff_choices": staff_choices},
        )
    organization = selectors.organization_for_suggestions(
        viewer=request.user, organization_id=chosen
    )
    context = _context(request, organization) | {"own": own}
    if request.htmx:
        return render(request, "matching/_suggestion_list.html", context)
    context["event_items"] = event_suggestions_for_organization(
        viewer=request.user, organization=organization
    )
    return render(request, "matching/suggestions.html", context)


@login_required
@require_POST
def dismiss(request, pk: int):
    organization = selectors.organization_for_suggestions(
        viewer=request.user, organization_id=request.POST.get("organization")
    )
    suggestion = selectors.suggestion_for_action(
        viewer=request.user, organization=organization, suggestion_id=pk
    )
    form = DismissForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.suggestion_dismiss(suggestion=suggestion, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            reraise_refusal(exc)
            error = exc.message
    else:
        error = _("理由は一覧から選んでください")
    if request.htmx:
        context = _context(request, organization)
        context["notice"] = error or _("「%(name)s」を今後おすすめに表示しません") % {
            "name": suggestion.partner.name
        }
        context["notice_is_error"] = bool(error)
        return render(request, "matching/_suggestion_list.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("「%(name)s」を今後おすすめに表示しません") % {"name": suggestion.partner.name},
        )
    return redirect(reverse("matching:suggestions") + f"?organization={organization.pk}")
