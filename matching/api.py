"""The suggestions API: thin over matching.selectors and matching.services.

    GET  /api/v1/suggestions/?organization=<id>            (or the caller's own organization)
         &kind=<kind>&ward=<area slug>&mutual=true|false    narrow the list, as the page does
    GET  /api/v1/organizations/<id>/suggestions/
    POST /api/v1/organizations/<id>/suggestions/<pk>/dismiss/   {"reason": "...", "comment": "..."}
    POST /api/v1/suggestions/<pk>/dismiss/?organization=<id>
    GET  /api/v1/organizations/<id>/event-suggestions/      upcoming events worth attending
    GET  /api/v1/events/<id>/invitation-suggestions/        organizations worth inviting (staff)

Members of the organization and staff only (staff only for invitation suggestions); anyone
else gets 404. Reasons come as structured
data with a sentence in the request's language (`?lang=en` or `?lang=ja` to choose).
"""

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import pagecache
from profiles.models import Organization, OrganizationKind

from . import event_selectors, selectors, services
from .models import DismissReason, Suggestion

HINT_NO_LISTINGS = (
    "「求めていること」か「提供できること」を登録すると、おすすめが表示されます / "
    "Add a need or an offer to get suggestions"
)


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    ward = serializers.CharField(source="ward.slug")
    ward_label = serializers.CharField(source="ward.label")

    def get_kind_label(self, obj) -> str:
        return selectors.kind_label(obj.kind)


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    score = serializers.FloatField(source="points")
    mutual = serializers.BooleanField()
    partner = PartnerSerializer()
    reasons = serializers.SerializerMethodField()

    def get_reasons(self, obj) -> list[dict]:
        return selectors.reasons_for(obj, lang=self.context["lang"], label=self.context["label"])


class DismissInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=DismissReason.choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": _("理由は一覧から選んでください")},
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SuggestionFilterSerializer(serializers.Serializer):
    """The suggestions page's filters: the partner's kind, its ward (area tag slug), two-way
    matches only."""

    kind = serializers.ChoiceField(choices=OrganizationKind.choices, required=False)
    ward = serializers.SlugField(required=False, max_length=64)
    mutual = serializers.BooleanField(required=False, allow_null=True, default=None)


ORG_PARAM = OpenApiParameter(
    "organization", int, description="Staff, or members of several organizations"
)
LANG_PARAM = OpenApiParameter("lang", str, enum=["ja", "en"])


class OneObjectSchema(AutoSchema):
    """The list answers one object (the organization, its results and a hint), not an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SuggestionViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = SuggestionSerializer
    pagination_class = None
    schema = OneObjectSchema()
    lookup_value_converter = "int"

    def requested_organization_id(self):
        return self.kwargs.get("organization_id") or self.request.query_params.get("organization")

    def get_organization(self):
        return selectors.organization_for_suggestions(
            viewer=self.request.user, organization_id=self.requested_organization_id()
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Suggestion.objects.none()
        return selectors.suggestion_list(
            viewer=self.request.user, organization=self.get_organization()
        )

    def language(self) -> str:
        return _language(self.request)

    @extend_schema(
        parameters=[ORG_PARAM, LANG_PARAM, SuggestionFilterSerializer],
        responses=inline_serializer(
            "SuggestionList",
            {
                "organization": inline_serializer(
                    "SuggestionListOrganization",
                    {"id": serializers.IntegerField(), "name": serializers.CharField()},
                ),
                "results": SuggestionSerializer(many=True),
                "hint": serializers.CharField(required=False),
            },
        ),
    )
    def list(self, request, *args, **kwargs):
        # 404 unless the viewer may see them; the organization itself is loaded only when the
        # answer is not in the cache.
        organization_id = selectors.organization_id_for_suggestions(
            viewer=request.user, organization_id=self.requested_organization_id()
        )
        lang = self.language()
        given = SuggestionFilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        filters = {"kind": "", "ward": "", **given.validated_data}

        def build():
            organization = Organization.objects.get(pk=organization_id)
            items = list(
                selectors.suggestion_list(viewer=request.user, organization=organization, **filters)
            )
            context = {"lang": lang, "label": selectors.tag_labeler()}
            data = {
                "organization": {"id": organization.pk, "name": organization.name},
                "results": SuggestionSerializer(items, many=True, context=context).data,
            }
            if not items and not any(filters.values()) and not selectors.has_listings(organization):
                data["hint"] = HINT_NO_LISTINGS
            return data

        # The same for every member allowed to see them: cached until they change, as the
        # rendered JSON (rendering 20 suggestions with their reasons cost more than the rest of
        # a cached read).
        stamp = selectors.suggestion_stamp(organization_id)
        key = ("suggestions.json", lang, *stamp, filters["kind"], filters["ward"],
               filters["mutual"])  # fmt: skip
        body = pagecache.cached_under(key, lambda: JSONRenderer().render(build()))
        response = HttpResponse(body, content_type="application/json")
        response["Cache-Control"] = "private"
        return response

    @extend_schema(request=DismissInputSerializer, responses={200: None}, parameters=[ORG_PARAM])
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None, **kwargs):
        organization = self.get_organization()
        suggestion = selectors.suggestion_for_action(
            viewer=request.user, organization=organization, suggestion_id=pk
        )
        payload = DismissInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.suggestion_dismiss(
            suggestion=suggestion, by=request.user, **payload.validated_data
        )
        return Response({"dismissed": True, "partner": suggestion.partner_id})


def _language(request) -> str:
    """`?lang=ja|en`, or the request's language; any other value is refused (400)."""
    asked = request.query_params.get("lang")
    if asked is None:
        return translation.get_language() or "ja"
    if asked not in {"ja", "en"}:
        raise serializers.ValidationError({"lang": [_("ja か en を指定してください。")]})
    return asked


class ReasonSerializer(serializers.Serializer):
    type = serializers.CharField()
    text = serializers.CharField()


class SuggestedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    ward = serializers.CharField(source="ward.slug", allow_null=True, default=None)
    ward_label = serializers.CharField(source="ward.label", allow_null=True, default=None)
    seats_left = serializers.IntegerField(allow_null=True, default=None)
    url = serializers.CharField(source="get_absolute_url")


class EventSuggestionSerializer(serializers.Serializer):
    event = SuggestedEventSerializer()
    score = serializers.FloatField()
    reasons = ReasonSerializer(many=True)


class InvitationSuggestionSerializer(serializers.Serializer):
    organization = PartnerSerializer()
    score = serializers.FloatField()
    reasons = ReasonSerializer(many=True)


class OrganizationEventSuggestions(APIView):
    """Upcoming events worth attending for an organization, with reasons (members, staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[LANG_PARAM], responses=EventSuggestionSerializer(many=True))
    def get(self, request, organization_id: int):
        organization = selectors.organization_for_suggestions(
            viewer=request.user, organization_id=organization_id
        )
        found = event_selectors.event_suggestions_for_organization(
            viewer=request.user, organization=organization, k=10, lang=_language(request)
        )
        return Response(
            {
                "organization": {"id": organization.pk, "name": organization.name},
                "results": EventSuggestionSerializer(
                    [{"event": e, "score": n / 1000, "reasons": r} for e, n, r in found],
                    many=True,
                ).data,
            }
        )


class EventInvitationSuggestions(APIView):
    """The organizations the matcher proposes inviting to an event, with reasons (staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[LANG_PARAM], responses=InvitationSuggestionSerializer(many=True))
    def get(self, request, event_id: int):
        from events.models import Event

        event = Event.objects.select_related("ward").filter(pk=event_id).first()
        # Inviting is the support center's (events.invite); to anyone else there is no such page.
        if event is None or not request.user.has_perm("events.invite", event):
            raise Http404(_("イベントが見つかりません"))
        found = event_selectors.invitation_suggestions_for_event(
            viewer=request.user, event=event, lang=_language(request)
        )
        return Response(
            {
                "event": {"id": event.pk, "title": event.title},
                "results": InvitationSuggestionSerializer(
                    [{"organization": o, "score": n / 1000, "reasons": r} for o, n, r in found],
                    many=True,
                ).data,
            }
        )


suggestion_list_view = SuggestionViewSet.as_view({"get": "list"})
suggestion_dismiss_view = SuggestionViewSet.as_view({"post": "dismiss"})
