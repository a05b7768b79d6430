"""A person's live channel: the consumer authenticates, joins the person's group, forwards.

Services send to `user_group(user_id)` after their transaction commits; nothing else lives here.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def access_group(user_id: int) -> str:
    """Every socket of a person that depends on their permissions listens here: when a
    permission is taken away, services send "access.revoked" and each socket re-checks."""
    return f"access.{user_id}"


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notify(self, event):
        await self.send_json(event["payload"])
