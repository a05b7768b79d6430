"""The member page "おすすめの連携先 / Suggestions": stored suggestions with their reasons, and
"not interested". Staff see any organization's list with ?organization=<id>."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from matching import selectors, services
from matching.event_selectors import event_suggestions_for_organization
from matching.introductions.selectors import live_introductions_with
from profiles.models import Organization
from profiles.predicates import member_org_ids
from profiles.selectors import listing_previews

from .forms import DismissForm, SuggestionFilterForm

PAGE_SIZE = 8
LIST_PARAMS = ("kind", "ward", "mutual", "page")


def _list_query(params, organization) -> QueryDict:
    """The list's own parameters (filters and page) from a GET or a dismiss POST, with the
    organization: what links and redirects carry so a reader keeps their place."""
    query = QueryDict(mutable=True)
    query["organization"] = str(organization.pk)
    for name in LIST_PARAMS:
        if params.get(name):
            query[name] = params[name]
    return query


def _context(request, organization, params):
    label = selectors.tag_labeler()
    under_way = live_introductions_with(organization)
    filter_form = SuggestionFilterForm(params)
    found = selectors.suggestion_list(
        viewer=request.user, organization=organization, **filter_form.filters()
    )
    page = Paginator(found, PAGE_SIZE).get_page(params.get("page"))
    items = []
    for suggestion in page.object_list:
        reasons = selectors.reasons_for(suggestion, label=label)
        pairs = [r for r in reasons if r.get("pair")]
        others = [r for r in reasons if not r.get("pair")]
        items.append((suggestion, pairs, others, under_way.get(suggestion.partner_id)))
    query = _list_query(params, organization)
    query.pop("page", None)
    filters_used = sum(1 for value in filter_form.filters().values() if value not in ("", None))
    return {
        "organization": organization,
        "items": items,
        "page": page,
        "total": page.paginator.count,
        "filter_form": filter_form,
        "filtered": bool(filters_used),
        "filters_used": filters_used,
        "query": query.urlencode(),
        "list_params": {k: params[k] for k in LIST_PARAMS if params.get(k)},
        "previews": listing_previews([item[0].partner_id for item in items]),
        "has_listings": bool(items) or bool(filters_used) or selectors.has_listings(organization),
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
    context = _context(request, organization, request.GET) | {"own": own}
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
        context = _context(request, organization, request.POST)
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
    query = _list_query(request.POST, organization).urlencode()
    return redirect(reverse("matching:suggestions") + f"?{query}")
