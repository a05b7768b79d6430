"""A conversation's live channel. Thin: authenticate by session, check the person may take
part, join the conversation's group, forward what services send. Messages are written over
HTTP/API by services.message_post, which sends to the group after commit."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .services import conversation_group


@database_sync_to_async
def _may_take_part(user, conversation_id: int) -> bool:
    from .selectors import conversation_get

    return conversation_get(viewer=user, pk=conversation_id) is not None


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        if not await _may_take_part(user, conversation_id):
            await self.close(code=4403)
            return
        self.group = conversation_group(conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def conversation_message(self, event):
        await self.send_json(event["payload"])
