"""Saved searches: keep a directory or listing search from its page (one button), list and
delete them on "保存した検索". A saved search is its owner's alone (rule
matching.manage_saved_search): anyone else, staff included, gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from matching import selectors, services
from matching.models import SavedSearch, SavedSearchScope
from profiles.selectors import acting_organization

SEARCH_PAGES = {
    SavedSearchScope.ORGANIZATIONS: "profiles:directory",
    SavedSearchScope.LISTINGS: "profiles:listings",
}


@login_required
def saved_search_list(request):
    searches = [
        (search, selectors.saved_search_conditions(search), selectors.saved_search_url(search))
        for search in selectors.saved_searches_of(viewer=request.user)
    ]
    return render(request, "matching/saved_searches.html", {"searches": searches})


@login_required
@require_POST
def saved_search_create(request):
    scope = request.POST.get("scope", "")
    query = request.POST.get("query", "")[:2000]
    back = reverse(SEARCH_PAGES.get(scope, "profiles:directory"))
    back = f"{back}?{query}" if query else back
    try:
        services.saved_search_create(
            user=request.user,
            scope=scope,
            params=QueryDict(query).dict(),
            organization=acting_organization(request),
        )
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("検索を保存しました。新しく合うものが公開されたらお知らせします。"))
    return redirect("searches:list")


@login_required
@require_POST
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk)
    if not request.user.has_perm("matching.manage_saved_search", search):
        raise Http404
    try:
        services.saved_search_delete(search=search, by=request.user)
    except ApplicationError as exc:
        reraise_refusal(exc)
        raise
    messages.success(request, _("保存した検索を削除しました。"))
    return redirect("searches:list")
