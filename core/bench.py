"""A bare DRF endpoint: the load bench's baseline (`make loadtest`), served only when the
BENCH_BARE_ENDPOINT setting is on. It goes through the same middleware, authentication and
throttling as every API view and answers a constant, so the ratio of a real read to it
measures what the read itself costs."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class BareView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True, "results": []})
