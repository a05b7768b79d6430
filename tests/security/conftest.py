"""A Redis server of the test's own, on its own port, that the test may stop and restart.

The shared Redis is never touched: each xdist worker gets a port of its own (6390 + n)."""

import contextlib
import os
import shutil
import subprocess
import time

import pytest
import redis

from tests.conftest import require_service


class OwnRedis:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "yes"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._wait(up=True)

    def stop(self) -> None:
        # shutdown closes the connection it came on (and a stopped server refuses it)
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis(port=self.port, socket_timeout=2).shutdown(nosave=True)
        self._wait(up=False)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2)

    def _wait(self, *, up: bool) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client().ping()
                if up:
                    return
            except redis.exceptions.ConnectionError:
                if not up:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis on {self.port} did not come {'up' if up else 'down'}")


@pytest.fixture
def own_redis():
    require_service(
        "redis-server", bool(shutil.which("redis-server")), "apt-get install redis-server"
    )
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw8")
    server = OwnRedis(6390 + int(worker.removeprefix("gw") or 0) % 10)
    server.stop()  # a server left over by an interrupted run
    server.start()
    try:
        yield server
    finally:
        server.stop()
