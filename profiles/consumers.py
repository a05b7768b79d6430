"""An import run's live progress. Thin: staff only, join the run's group, send where it stands
on connect (a run that finished before the socket opened is not missed), then forward."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer


def import_run_group(job_id: int) -> str:
    return f"import_run.{job_id}"


@database_sync_to_async
def _snapshot(user, job_id: int) -> dict | None:
    from .models import ImportJob
    from .selectors import import_job_progress

    if not user.has_perm("profiles.import_directory"):
        return None
    job = ImportJob.objects.filter(pk=job_id).first()
    return import_job_progress(job) if job else None


class ImportRunConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        job_id = int(self.scope["url_route"]["kwargs"]["job_id"])
        snapshot = await _snapshot(user, job_id)
        if snapshot is None:
            await self.close(code=4403)
            return
        self.group = import_run_group(job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(snapshot)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def import_progress(self, event):
        await self.send_json(event["payload"])
