from allauth.account import views as account_views
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import include, path
from django.views.generic.base import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api import TagViewSet
from core.health import healthz
from core.media import public_media
from core.notification_api import NotificationViewSet
from events.api import EventViewSet, RegistrationViewSet, opendata_view
from frontend.console.api import FigureViewSet
from matching.api import SuggestionViewSet
from matching.introductions.api import (
    CollaborationViewSet,
    ConversationViewSet,
    IntroductionViewSet,
)
from profiles.api import InvitationViewSet, ListingViewSet, OrganizationViewSet


class IntegerIdRouter(DefaultRouter):
    """Ids are integers in the URL itself: /api/v1/introductions/abc/ is a 404 from the
    resolver, never a ValueError (500) from a lookup. Viewsets keyed by something else (a slug,
    a token, a figure key) keep their own lookup_field / lookup_value_regex."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") in ("pk", "id") and not hasattr(
            viewset, "lookup_value_regex"
        ):
            return self._base_pattern.format(
                lookup_prefix=lookup_prefix,
                lookup_url_kwarg=getattr(viewset, "lookup_url_kwarg", None)
                or getattr(viewset, "lookup_field", "pk"),
                lookup_value="[0-9]+",
            )
        return super().get_lookup_regex(viewset, lookup_prefix)


# Every app's viewsets hang off one router so /api/v1/ lists them all.
router = IntegerIdRouter()
router.register("tags", TagViewSet, basename="tag")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("listings", ListingViewSet, basename="listing")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("events", EventViewSet, basename="event")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("introductions", IntroductionViewSet, basename="introduction")
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("collaborations", CollaborationViewSet, basename="collaboration")
router.register("console/figures", FigureViewSet, basename="console-figure")
router.register("suggestions", SuggestionViewSet, basename="suggestion")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the static file.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}frontend/favicon.ico")),
    path("admin/", admin.site.urls),
    # Requests have no transaction of their own (the services are the transactions). allauth's
    # sign-up writes the account, its e-mail address and our profile fields in steps and opens
    # none, so it is atomic here on purpose: a failure halfway leaves no account.
    path("accounts/signup/", transaction.atomic(account_views.signup), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/events/opendata.csv", opendata_view, name="events-opendata"),
    path("api/v1/", include("matching.api_urls")),
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/", include("rest_framework.urls", namespace="rest_framework")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file (no inline script under the CSP).
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
    path("", include("frontend.profiles.urls")),
    path("events/", include("frontend.events.urls")),
    path("notifications/", include("frontend.notifications.urls")),
    path("introductions/", include("frontend.matching.introductions.urls")),
    path("console/", include("frontend.console.urls")),
    path("suggestions/", include("frontend.matching.urls")),
    path("searches/", include("frontend.matching.searches_urls")),
    path("", include("frontend.urls")),
    # Uploaded logos, in every shape (DEBUG or not); other uploads are private.
    path(
        f"{settings.MEDIA_URL.strip('/')}/<str:folder>/<path:name>",
        public_media,
        name="public-media",
    ),
]

if getattr(settings, "BENCH_BARE_ENDPOINT", False):
    # `make loadtest` only: the same server's ceiling for a DRF endpoint (see core/bench.py).
    from core.bench import BareView

    urlpatterns.insert(0, path("api/v1/bench/bare/", BareView.as_view(), name="bench-bare"))
