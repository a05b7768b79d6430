"""Real server processes for the services tests: daphne (ASGI) on a free localhost port,
pointed at the test database that pytest-django created."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_children() -> str | None:
    """The URL of the database the tests run on, for child processes (PostgreSQL only:
    an in-memory SQLite test database cannot be shared with another process)."""
    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        return None
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def child_env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings_test", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def daphne_command(port: int) -> list[str]:
    return [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
            "core.asgi:application"]  # fmt: skip


async def start_daphne(port: int, env: dict) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        *daphne_command(port),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await wait_until_serving(port)
    return process


async def wait_until_serving(port: int, timeout: float = 40) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), 10)
            writer.close()
            if line.startswith(b"HTTP/1.1 "):
                return
        except (TimeoutError, OSError):
            pass
        await asyncio.sleep(0.3)
    raise TimeoutError(f"no server on port {port} after {timeout}s")


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()
