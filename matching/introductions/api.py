"""/api/v1/introductions/, /api/v1/conversations/ (+ messages), /api/v1/collaborations/.
Thin: scope reads with selectors, call services (core.errors answers their refusals)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profiles.models import Organization

from . import selectors, services
from .models import (
    MAX_IN_KIND_YEN,
    MAX_VOLUNTEER_HOURS,
    Collaboration,
    Conversation,
    DeclineReason,
    Introduction,
    Message,
)


class OrganizationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IntroductionOutput(serializers.ModelSerializer):
    requester = OrganizationRef()
    recipient = OrganizationRef()
    curated = serializers.BooleanField(source="is_curated")
    conversation = serializers.SerializerMethodField()

    class Meta:
        model = Introduction
        fields = [
            "id", "requester", "recipient", "status", "curated", "message", "suggestion_id",
            "requester_accepted_at", "recipient_accepted_at", "decline_reason", "created_at",
            "answered_at", "conversation",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.INT)
    def get_conversation(self, obj):
        conversation = getattr(obj, "conversation", None) if obj.status == "accepted" else None
        return conversation.pk if conversation else None


class IntroductionCreateInput(serializers.Serializer):
    requester = serializers.IntegerField()
    recipient = serializers.IntegerField()
    message = serializers.CharField(max_length=2000)
    suggestion = serializers.IntegerField(required=False, allow_null=True)


class ProposeInput(serializers.Serializer):
    organization_a = serializers.IntegerField()
    organization_b = serializers.IntegerField()
    note = serializers.CharField(max_length=2000)


class AnswerInput(serializers.Serializer):
    organization = serializers.IntegerField(required=False, allow_null=True)


class DeclineInput(AnswerInput):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class IntroductionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """My organizations' introductions. `?box=inbox|outbox`. POST creates a request;
    accept / decline / withdraw are actions; staff may `propose`."""

    serializer_class = IntroductionOutput
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        box = self.request.query_params.get("box", "all")
        return selectors.introduction_list(viewer=self.request.user, box=box).select_related(
            "conversation"
        )

    def get_object(self):
        intro = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return intro

    def _out(self, intro, code=status.HTTP_200_OK):
        intro = Introduction.objects.select_related("requester", "recipient").get(pk=intro.pk)
        return Response(IntroductionOutput(intro).data, status=code)

    @extend_schema(request=IntroductionCreateInput, responses={201: IntroductionOutput})
    def create(self, request):
        data = IntroductionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        requester = get_object_or_404(Organization, pk=v["requester"])
        recipient = get_object_or_404(Organization, pk=v["recipient"])
        intro = services.introduction_request(
            requester=requester,
            recipient=recipient,
            by=request.user,
            message=v["message"],
            suggestion_id=v.get("suggestion"),
        )
        return self._out(intro, status.HTTP_201_CREATED)

    @extend_schema(request=ProposeInput, responses={201: IntroductionOutput})
    @action(detail=False, methods=["post"])
    def propose(self, request):
        data = ProposeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        intro = services.introduction_propose(
            organization_a=get_object_or_404(Organization, pk=v["organization_a"]),
            organization_b=get_object_or_404(Organization, pk=v["organization_b"]),
            by=request.user,
            note=v["note"],
        )
        return self._out(intro, status.HTTP_201_CREATED)

    @extend_schema(request=AnswerInput, responses=IntroductionOutput)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        intro = services.introduction_accept(
            introduction=self.get_object(),
            by=request.user,
            organization=data.validated_data.get("organization"),
        )
        return self._out(intro)

    @extend_schema(request=DeclineInput, responses=IntroductionOutput)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        data = DeclineInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        intro = services.introduction_decline(
            introduction=self.get_object(),
            by=request.user,
            reason=v["reason"],
            note=v.get("note", ""),
            organization=v.get("organization"),
        )
        return self._out(intro)

    @extend_schema(request=None, responses=IntroductionOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        intro = services.introduction_withdraw(introduction=self.get_object(), by=request.user)
        return self._out(intro)


class ConversationOutput(serializers.ModelSerializer):
    organizations = serializers.SerializerMethodField()
    unread = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Conversation
        fields = ["id", "introduction", "organizations", "last_message_at", "unread"]

    @extend_schema_field(OrganizationRef(many=True))
    def get_organizations(self, obj):
        intro = obj.introduction
        return [
            {"id": intro.requester_id, "name": intro.requester.name},
            {"id": intro.recipient_id, "name": intro.recipient.name},
        ]


class MessageOutput(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "organization", "body", "created_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, obj):
        return str(obj.author) if obj.author else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_organization(self, obj):
        return obj.organization.name if obj.organization else ""


class MessageInput(serializers.Serializer):
    body = serializers.CharField(max_length=4000)


class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Conversations I take part in, with unread counts. `messages`: GET pages back with
    `?before=<id>`; POST writes one (delivered live to every open client)."""

    serializer_class = ConversationOutput
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return selectors.conversation_list(viewer=self.request.user)

    @extend_schema(request=MessageInput, responses=MessageOutput(many=True))
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        conversation = self.get_object()
        if request.method == "POST":
            data = MessageInput(data=request.data)
            data.is_valid(raise_exception=True)
            message = services.message_post(
                conversation=conversation,
                by=request.user,
                body=data.validated_data["body"],
            )
            return Response(MessageOutput(message).data, status=status.HTTP_201_CREATED)
        before = request.query_params.get("before")
        rows, has_more = selectors.message_page(
            conversation=conversation,
            before_id=int(before) if before and before.isdigit() else None,
        )
        return Response(
            {
                "results": MessageOutput(rows, many=True).data,
                "has_more": has_more,
                "next_before": rows[0].pk if rows and has_more else None,
            }
        )

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        services.conversation_mark_read(conversation=self.get_object(), user=request.user)
        return Response({"unread": 0})


class CollaborationOutput(serializers.ModelSerializer):
    organization_a = serializers.CharField(source="organization_a.name")
    organization_b = serializers.CharField(source="organization_b.name")
    public = serializers.BooleanField(source="is_public")
    sdgs = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Collaboration
        fields = [
            "id", "organization_a", "organization_a_id", "organization_b", "organization_b_id",
            "title", "a_brings", "b_brings", "started_on", "ended_on", "outcome",
            "a_agrees_to_show", "b_agrees_to_show", "public",
            "volunteer_hours", "in_kind_value", "sdgs",
        ]  # fmt: skip


class ContributionInput(serializers.Serializer):
    """What a company brought (the CSR report's figures), within the model's limits."""

    volunteer_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, min_value=0, max_value=MAX_VOLUNTEER_HOURS, required=False
    )
    in_kind_value = serializers.IntegerField(min_value=0, max_value=MAX_IN_KIND_YEN, required=False)
    sdgs = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, max_length=17
    )


class CollaborationInput(ContributionInput):
    organization = serializers.IntegerField()
    partner = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    own_brings = serializers.CharField(max_length=2000)
    partner_brings = serializers.CharField(max_length=2000)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    show = serializers.BooleanField(required=False, default=False)


class CollaborationUpdateInput(ContributionInput):
    title = serializers.CharField(max_length=200, required=False)
    a_brings = serializers.CharField(max_length=2000, required=False)
    b_brings = serializers.CharField(max_length=2000, required=False)
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class CollaborationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """My organizations' collaboration records (協働). PATCH updates one."""

    serializer_class = CollaborationOutput
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return selectors.collaboration_list(viewer=self.request.user).prefetch_related("sdgs")

    @extend_schema(request=CollaborationInput, responses={201: CollaborationOutput})
    def create(self, request):
        data = CollaborationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        organization = get_object_or_404(Organization, pk=v.pop("organization"))
        partner = get_object_or_404(Organization, pk=v.pop("partner"))
        collaboration = services.collaboration_record(
            by=request.user,
            organization=organization,
            partner=partner,
            **v,
        )
        return Response(CollaborationOutput(collaboration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CollaborationUpdateInput, responses=CollaborationOutput)
    def partial_update(self, request, pk=None):
        data = CollaborationUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        collaboration = services.collaboration_update(
            collaboration=self.get_object(),
            by=request.user,
            **data.validated_data,
        )
        return Response(CollaborationOutput(collaboration).data)
