"""The events API: thin, one operation each, over events.services and events.selectors.

GET  /api/v1/events/?ward=aoba&kind=exchange&tag=disaster-prevention&has_seats=1
POST /api/v1/events/{id}/registrations/   {"organization": 3, "attendees": 2}
POST /api/v1/registrations/{id}/cancel/
GET/POST /api/v1/events/{id}/invitations/ (staff)
GET  /api/v1/events/opendata.csv
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core.api_filters import refuse_blank_choices
from core.api_permissions import RulesPermission
from core.models import Tag
from core.pagecache import AnonymousCachedReadMixin
from profiles.models import Organization

from . import selectors, services
from .models import Accommodation, Event, EventKind, EventStatus, Registration
from .opendata import opendata_csv


def _step_permission(request, view) -> str:
    """Publishing and returning are the support center's review; the rest the organizer's."""
    if view.kwargs.get("step") in {"publish", "return"}:
        return "events.review_event"
    return "events.manage_event"


class TagBriefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Tag
        fields = ["facet", "slug", "label"]


class EventOutputSerializer(serializers.ModelSerializer):
    organizer = serializers.CharField(source="organizer_name", read_only=True)
    ward = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    tags = TagBriefSerializer(many=True, read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id", "title", "title_kana", "title_en", "description", "kind", "status",
            "organizer", "organizer_org", "starts_at", "ends_at", "venue_name", "address",
            "ward", "latitude", "longitude", "access", "online_url", "capacity", "seats_left",
            "per_org_limit", "registration_opens_at", "registration_closes_at", "fee", "tags",
            "accessibility", "contact", "contact_phone", "reminder_hours", "url",
        ]  # fmt: skip

    def get_url(self, event) -> str:
        return event.get_absolute_url()

    def get_online_url(self, event) -> str:
        """The meeting URL for participants, organizers and staff; empty for everyone else."""
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        if (
            event.online_url
            and viewer is not None
            and viewer.has_perm("events.see_meeting_url", event)
        ):
            return event.online_url
        return ""


class EventInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=150)
    title_kana = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue_name = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    ward = serializers.SlugRelatedField(
        slug_field="slug", queryset=Tag.objects.filter(facet="area"), required=False,
        allow_null=True,
    )  # fmt: skip
    latitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    longitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    access = serializers.CharField(required=False, allow_blank=True)
    online_url = serializers.URLField(required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=0)
    per_org_limit = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    registration_opens_at = serializers.DateTimeField(required=False, allow_null=True)
    registration_closes_at = serializers.DateTimeField(required=False, allow_null=True)
    fee = serializers.CharField(required=False, allow_blank=True)
    tags = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False,
        queryset=Tag.objects.filter(facet__in=["field", "target", "resource"]),
    )  # fmt: skip
    accessibility = serializers.CharField(required=False, allow_blank=True)
    contact = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    reminder_hours = serializers.IntegerField(min_value=1, max_value=24 * 30, required=False)


class EventFilterSerializer(serializers.Serializer):
    ward = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    tag = serializers.CharField(required=False, allow_blank=True)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    has_seats = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True)


class EventActionSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="差し戻し・中止の理由 / reason"
    )


class RegistrationInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    attendees = serializers.IntegerField(min_value=1, default=1)
    attendee_names = serializers.CharField(required=False, allow_blank=True, default="")
    accommodations = serializers.ListField(
        child=serializers.ChoiceField(choices=Accommodation.choices), required=False, default=list
    )
    accommodations_note = serializers.CharField(required=False, allow_blank=True, default="")
    listed = serializers.BooleanField(required=False, default=True)


class RegistrationOutputSerializer(serializers.ModelSerializer):
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id", "event", "organization", "attendees", "status", "waitlist_position",
            "accommodations", "accommodations_note", "listed", "queued_at", "checked_in_at",
        ]  # fmt: skip

    def get_waitlist_position(self, registration) -> int | None:
        return selectors.waitlist_position(registration=registration)


class AttendeeSerializer(RegistrationOutputSerializer):
    """What organizers and staff see: who, how many, names and requests."""

    registrant = serializers.CharField(source="registrant_name", read_only=True)

    class Meta(RegistrationOutputSerializer.Meta):
        fields = [*RegistrationOutputSerializer.Meta.fields, "registrant", "attendee_names"]


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class InvitationInputSerializer(serializers.Serializer):
    organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.published(), many=True
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


FILTER_PARAMS = [
    OpenApiParameter("ward", str, description="区のスラッグ / ward slug (aoba, miyagino …)"),
    OpenApiParameter("kind", str, enum=EventKind.values),
    OpenApiParameter("tag", str, description="タグのスラッグ / tag slug"),
    OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("has_seats", bool),
    OpenApiParameter("q", str, description="キーワード / keyword"),
]


class EventViewSet(
    AnonymousCachedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Events: the public calendar to everyone; create and edit for organizers."""

    serializer_class = EventOutputSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, RulesPermission]
    # The same permissions the pages ask (events/rules.py), checked on the event by get_object.
    permission_required = {
        "update": "events.manage_event",
        "partial_update": "events.manage_event",
        "step": _step_permission,
        "registrations:GET": "events.manage_event",
        "invitations": "events.invite",
    }
    filter_backends: list = []
    cache_section = "events"

    def get_queryset(self):
        if self.action == "list":
            refuse_blank_choices(self.request.query_params, ["kind"])
            params = EventFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            return selectors.event_list(
                viewer=self.request.user, filters=selectors.EventFilters(**params.validated_data)
            )
        return selectors.event_visible(viewer=self.request.user)

    @extend_schema(parameters=FILTER_PARAMS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=EventInputSerializer, responses={201: EventOutputSerializer})
    def create(self, request, *args, **kwargs):
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        organization = fields.pop("organization", None)
        tags = fields.pop("tags", [])
        event = services.event_create(by=request.user, organization=organization, tags=tags,
                                      **fields)  # fmt: skip
        event = selectors.event_visible(viewer=request.user).get(pk=event.pk)
        return Response(EventOutputSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventInputSerializer, responses=EventOutputSerializer)
    def update(self, request, *args, **kwargs):
        event = self.get_object()
        partial = kwargs.get("partial", False)
        data = EventInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("organization", None)
        tags = fields.pop("tags", None)
        services.event_update(event=event, by=request.user, tags=tags, **fields)
        event = selectors.event_visible(viewer=request.user).get(pk=event.pk)
        return Response(EventOutputSerializer(event).data)

    @extend_schema(
        request=EventActionSerializer,
        responses=EventOutputSerializer,
        operation_id="v1_events_step",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>submit|publish|return|cancel)",
            permission_classes=[IsAuthenticated, RulesPermission])  # fmt: skip
    def step(self, request, pk=None, step=None):
        """Submit a draft for review (organizer), publish or return it (staff), cancel it
        (organizer or staff; everyone registered is told)."""
        event = self.get_object()
        data = EventActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["comment"]
        if step == "submit":
            services.event_submit(event=event, by=request.user)
        elif step == "publish":
            services.event_publish(event=event, by=request.user)
        elif step == "return":
            services.event_return(event=event, by=request.user, comment=text)
        else:
            services.event_cancel(event=event, by=request.user, reason=text)
        event = selectors.event_visible(viewer=request.user).get(pk=event.pk)
        return Response(EventOutputSerializer(event).data)

    @extend_schema(request=RegistrationInputSerializer, responses={201: AttendeeSerializer})
    @action(detail=True, methods=["get", "post"],
            permission_classes=[IsAuthenticated, RulesPermission])  # fmt: skip
    def registrations(self, request, pk=None):
        """GET: the attendee list (organizers and staff). POST: register; answers 201 with
        `status` (confirmed / waitlisted) and `waitlist_position`."""
        event = self.get_object()
        if request.method == "GET":
            rows = selectors.registrations_active(event=event).order_by("queued_at", "id")
            return Response(AttendeeSerializer(rows, many=True).data)
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_create(
            event=event, by=request.user, **data.validated_data
        )
        return Response(AttendeeSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InvitationInputSerializer, responses=InvitationSerializer(many=True))
    @action(detail=True, methods=["get", "post"],
            permission_classes=[IsAuthenticated, RulesPermission])  # fmt: skip
    def invitations(self, request, pk=None):
        """Staff: the invitations of an event (GET) or invite organizations (POST)."""
        event = self.get_object()
        if request.method == "POST":
            data = InvitationInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            created = services.invitation_send(
                event=event,
                organizations=data.validated_data["organizations"],
                by=request.user,
                reason=data.validated_data["reason"],
            )
            return Response(
                InvitationSerializer(created, many=True).data, status=status.HTTP_201_CREATED
            )
        return Response(
            InvitationSerializer(selectors.invitations_for(event=event), many=True).data
        )


class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in person's registrations (their own and their organizations')."""

    serializer_class = RegistrationOutputSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.registrations_of(viewer=self.request.user)

    @extend_schema(request=None, responses=RegistrationOutputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = get_object_or_404(
            Registration.objects.select_related("event", "organization"), pk=pk
        )
        if not request.user.has_perm("events.cancel_registration", registration):
            # Someone else's registration does not exist, as far as they can tell.
            return Response(status=status.HTTP_404_NOT_FOUND)
        registration = services.registration_cancel(registration=registration, by=request.user)
        return Response(RegistrationOutputSerializer(registration).data)


def opendata_view(request):
    """自治体標準オープンデータセット「イベント一覧」 (CSV, UTF-8 with BOM)."""
    events = Event.objects.filter(status=EventStatus.PUBLISHED).select_related("organizer_org")
    response = HttpResponse(opendata_csv(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="041009_event.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


__all__ = ["EventViewSet", "RegistrationViewSet", "opendata_view"]
