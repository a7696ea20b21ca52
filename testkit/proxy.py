"""HAProxy in front of webhook workers on loopback, from deploy/haproxy.cfg: the very file the
Compose and systemd deployments use, so the tests and the benchmark drill what is deployed.

`haproxy` starts Debian's ``haproxy`` in the foreground with the settings that file reads from
the environment (where it listens, the workers' addresses); `free_port` and `accepting` are
the loopback plumbing around it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

__all__ = [
    "HAPROXY_CONFIG",
    "accepting",
    "forwarding",
    "free_port",
    "haproxy",
    "haproxy_binary",
    "proxy_environment",
]

HAPROXY_CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg"


def haproxy_binary() -> str | None:
    """The haproxy executable (Debian puts it in /usr/sbin, not always on a user's PATH)."""
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def accepting(port: int, timeout: float = 30.0) -> None:  # noqa: ASYNC109
    """Wait until something accepts connections on 127.0.0.1:``port``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return


async def forwarding(port: int, *, path: str = "/telegram", to: int = 2) -> None:
    """Wait until the proxy on ``port`` sees its workers up: ``to`` unsigned deliveries in a
    row refused by a worker (403), none answered by the proxy for want of one (503). Until its
    first checks pass it has none, and Telegram's deliveries would be refused meanwhile."""
    refused = 0
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            async with http.post(f"http://127.0.0.1:{port}{path}", json={}) as response:
                refused = refused + 1 if response.status == 403 else 0
            if refused == to:
                return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the proxy on port {port} never forwarded to a worker")


def proxy_environment(port: int, workers: Sequence[int]) -> dict[str, str]:
    """What deploy/haproxy.cfg reads: listen on loopback ``port``, plain HTTP, in front of the
    workers on loopback (the file names two; one worker stands in for both)."""
    if not 1 <= len(workers) <= 2:
        raise ValueError(f"deploy/haproxy.cfg names two workers, not {len(workers)}")
    first, second = workers[0], workers[-1]
    env = {k: v for k, v in os.environ.items() if k != "JOURNEYBOT_PROXY_CERT"}
    env.update(
        JOURNEYBOT_PROXY_BIND=f"127.0.0.1:{port}",
        JOURNEYBOT_WORKER_1=f"127.0.0.1:{first}",
        JOURNEYBOT_WORKER_2=f"127.0.0.1:{second}",
    )
    return env


@asynccontextmanager
async def haproxy(
    binary: str, *, port: int, workers: Sequence[int], log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """HAProxy on 127.0.0.1:``port`` spreading over the ``workers``' ports, until the block
    ends; its own messages go to ``log``."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            binary,
            "-db",  # in the foreground, as a child of this process
            "-f",
            str(HAPROXY_CONFIG),
            env=proxy_environment(port, workers),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=out,
        )
    try:
        starting = asyncio.create_task(accepting(port))
        ended = asyncio.create_task(process.wait())
        done, _ = await asyncio.wait({starting, ended}, return_when=asyncio.FIRST_COMPLETED)
        if ended in done:
            starting.cancel()
            said = await asyncio.to_thread(log.read_text, errors="replace")
            raise RuntimeError(f"haproxy stopped at once: {said}")
        ended.cancel()
        await starting
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
