"""Scheduled faults: the next N calls of a method answer 429/5xx, slowly, or not at all."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = ["ANY_METHOD", "Fault", "FaultKind", "FaultPlan"]

FaultKind = Literal["rate_limit", "server_error", "delay", "disconnect"]
ANY_METHOD = "*"


@dataclass(frozen=True, slots=True)
class Fault:
    """One scheduled fault: its kind, HTTP status, Retry-After seconds or delay."""

    kind: FaultKind
    status: int = 0
    retry_after: int = 0
    delay: float = 0.0


class FaultPlan:
    """Per-method queues of faults, consumed one per call (method names are case-insensitive)."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Fault]] = {}
        self.triggered: list[tuple[str, Fault]] = []

    def add(self, method: str, fault: Fault, count: int = 1) -> None:
        queue = self._queues.setdefault(method.lower(), deque())
        queue.extend([fault] * count)

    def take(self, method: str) -> Fault | None:
        """The fault for this call of ``method``, if one is scheduled."""
        for key in (method.lower(), ANY_METHOD):
            queue = self._queues.get(key)
            if queue:
                fault = queue.popleft()
                self.triggered.append((method, fault))
                return fault
        return None

    def pending(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def clear(self) -> None:
        self._queues.clear()
