"""/api/v1/notifications/: a person's own notifications; mark some or all read."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .models import Notification
from .notifications import mark_read, unread_count


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        qs = Notification.objects.filter(user=self.request.user)
        if self.request.query_params.get("unread") in {"1", "true"}:
            qs = qs.filter(read_at__isnull=True)
        return qs

    # JSON (or no body at all: mark everything read). A form body that did not parse (the
    # middleware had read the stream) came through as "no ids" and marked everything read.
    @extend_schema(request=MarkReadInput, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="mark-read", parser_classes=[JSONParser])
    def mark_read(self, request):
        if request.META.get("CONTENT_LENGTH", "0") not in ("", "0") and (
            request.content_type.split(";")[0].strip() != "application/json"
        ):
            raise UnsupportedMediaType(request.content_type)
        data = MarkReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = mark_read(user=request.user, ids=data.validated_data.get("ids"))
        return Response({"marked": changed, "unread": unread_count(request.user)})
