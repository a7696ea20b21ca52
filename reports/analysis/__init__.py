"""Pure analysis functions: domain objects in, report model parts out. No I/O, no rendering."""

from reports.analysis.channels import channel_matrix
from reports.analysis.curves import emotion_curve, lowest_moments, peak_end, remembered
from reports.analysis.evidence import (
    disagreements,
    emotion_stats,
    internal_vs_external,
    moments,
    nps,
    nps_interval,
    peak_end_by_group,
    per_person,
    quote_sample,
    stage_evidence,
    top_counts,
)
from reports.analysis.gaps import find_gaps
from reports.analysis.ideas import missing_owners, owner_name, quadrant, rank_ideas
from reports.analysis.roles import role_views, roles_by_stage
from reports.analysis.scenarios import compare_scenarios, pair_scenarios
from reports.analysis.stories import story_summary
from reports.analysis.themes import Said, find_themes, group_texts

__all__ = [
    "Said",
    "channel_matrix",
    "compare_scenarios",
    "disagreements",
    "emotion_curve",
    "emotion_stats",
    "find_gaps",
    "find_themes",
    "group_texts",
    "internal_vs_external",
    "lowest_moments",
    "missing_owners",
    "moments",
    "nps",
    "nps_interval",
    "owner_name",
    "pair_scenarios",
    "peak_end",
    "peak_end_by_group",
    "per_person",
    "quadrant",
    "quote_sample",
    "rank_ideas",
    "remembered",
    "role_views",
    "roles_by_stage",
    "stage_evidence",
    "story_summary",
    "top_counts",
]
