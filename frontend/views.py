from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .home import member_overview


def home(request):
    return render(request, "frontend/home.html", {"overview": member_overview(request)})


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a signed-in account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in {"ja", "en"} and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
