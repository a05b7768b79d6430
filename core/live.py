"""Live pushes over the channel layer: best effort, never the reason a request fails.

A push goes out after the change committed; if Redis (the channel layer) is down the change
stands, the person sees it on their next page load (notifications and messages are rows), and
the failure is logged once until a push succeeds again.
"""

import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("tsunagu.live")

_state = {"down": False}
_lock = threading.Lock()


def group_send(group: str, message: dict) -> bool:
    """Send to a channel-layer group; False (logged once) when the layer is unreachable."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception as exc:  # redis-py, OSError, timeouts: the layer is down, the page is not
        with _lock:
            first, _state["down"] = not _state["down"], True
        if first:
            logger.error("Live push failed (channel layer unreachable): %s", exc)
        return False
    if _state["down"]:
        with _lock:
            _state["down"] = False
        logger.warning("Live pushes work again.")
    return True


def revoke_on_commit(*, user_ids) -> None:
    """After the change commits, tell each person's open sockets to re-check their access
    (consumers close the ones the person may no longer use)."""
    from .consumers import access_group

    ids = sorted(set(user_ids))
    transaction.on_commit(
        lambda: [group_send(access_group(pk), {"type": "access.revoked"}) for pk in ids]
    )
