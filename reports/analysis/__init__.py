"""Pure analysis functions: domain objects in, report model parts out. No I/O, no rendering."""

from reports.analysis.channels import channel_matrix
from reports.analysis.curves import emotion_curve, lowest_moments, peak_end
from reports.analysis.evidence import (
    disagreements,
    emotion_stats,
    internal_vs_external,
    moments,
    nps,
    quote_sample,
    stage_evidence,
    top_counts,
)
from reports.analysis.gaps import find_gaps
from reports.analysis.ideas import missing_owners, quadrant, rank_ideas
from reports.analysis.roles import role_views, roles_by_stage
from reports.analysis.scenarios import compare_scenarios, pair_scenarios

__all__ = [
    "channel_matrix",
    "compare_scenarios",
    "disagreements",
    "emotion_curve",
    "emotion_stats",
    "find_gaps",
    "internal_vs_external",
    "lowest_moments",
    "missing_owners",
    "moments",
    "nps",
    "pair_scenarios",
    "peak_end",
    "quadrant",
    "quote_sample",
    "rank_ideas",
    "role_views",
    "roles_by_stage",
    "stage_evidence",
    "top_counts",
]
