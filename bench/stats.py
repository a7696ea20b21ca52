"""Small statistics helpers (no numpy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """mean / p50 / p95 / p99 / max in milliseconds, rounded to microseconds."""
    ordered = sorted(seconds)
    mean = sum(ordered) / len(ordered) if ordered else 0.0
    figures = {
        "mean": mean,
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "max": ordered[-1] if ordered else 0.0,
    }
    return {name: round(value * 1000, 3) for name, value in figures.items()}
