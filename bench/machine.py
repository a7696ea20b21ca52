"""What the figures came from: machine, versions, date."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_mb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(postgres: str | None) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "memory_mb": memory_mb(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "python-telegram-bot": _version("python-telegram-bot"),
        "sqlalchemy": _version("SQLAlchemy"),
        "asyncpg": _version("asyncpg"),
        "httpx": _version("httpx"),
        "aiohttp": _version("aiohttp"),
        "scikit-learn": _version("scikit-learn"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres or "not available",
    }
