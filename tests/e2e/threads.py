"""Running Django code off Playwright's event loop, for the browser tests."""

import threading

from django.db import connections


def off_the_browser_loop(fn, *args, **kwargs):
    """Run fn in a thread of its own: notify() pushes over the channel layer with async_to_sync,
    which refuses to run inside Playwright's running loop. The thread hands its database
    connection back when it ends (with the connection pool on, a finished thread's connection
    is otherwise never returned and the pool runs dry)."""
    result = {}

    def run():
        try:
            result["value"] = fn(*args, **kwargs)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]
