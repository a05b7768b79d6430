"""A conversation's live channel. Thin: authenticate by session, check the person may take
part, join the conversation's group, forward what services send. Messages are written over
HTTP/API by services.message_post, which sends to the group after commit.

Access is checked again before every message is forwarded, and when a service says the
person's access changed (removed from the organization): a socket opened while allowed is
closed (4403) the moment the person may no longer read the conversation."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.consumers import access_group
from profiles.predicates import forget_member_orgs

from .services import conversation_group


@database_sync_to_async
def _may_take_part(user, conversation_id: int) -> bool:
    from .selectors import conversation_get

    # A socket outlives the request that cached the person's organizations on the user.
    forget_member_orgs(user)
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
        self.user, self.conversation_id = user, conversation_id
        self.groups_joined = [conversation_group(conversation_id), access_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _still_allowed(self) -> bool:
        if await _may_take_part(self.user, self.conversation_id):
            return True
        await self.close(code=4403)
        return False

    async def conversation_message(self, event):
        if await self._still_allowed():
            await self.send_json(event["payload"])

    async def access_revoked(self, event):
        await self._still_allowed()
