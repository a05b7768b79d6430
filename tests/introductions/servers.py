"""Real server processes for the services tests: daphne (ASGI) on a free localhost port,
pointed at the test database that pytest-django created (tests.helpers.child_env)."""

from __future__ import annotations

import asyncio
import socket
import sys

from tests.helpers import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
