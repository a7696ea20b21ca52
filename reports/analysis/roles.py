"""B2B maps: which decision roles take part in each stage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows.domain import Persona, Scenario
from flows.i18n import Lang
from flows.vocabulary import DECISION_ROLES, role_label, role_name
from reports.model import RoleView

__all__ = ["role_views", "roles_by_stage"]

_ORDER = [key for key, _ in DECISION_ROLES]


def roles_by_stage(
    stage_order: Sequence[str], scenarios: Sequence[Scenario], personas: Sequence[Persona]
) -> dict[str, list[str]]:
    """Per stage key, the roles that take part: those named at the stage's events, plus the
    decision role of each scenario's persona wherever that scenario has an event. Known roles
    in the method's order, then any other in order of appearance."""
    own_role = {p.id: p.decision_role for p in personas if p.decision_role}
    found: dict[str, list[str]] = {key: [] for key in stage_order}
    for scenario in scenarios:
        persona_role = own_role.get(scenario.persona_id or "")
        for event in scenario.events:
            named = found.setdefault(event.stage, [])
            for role in [*event.roles, *([persona_role] if persona_role else [])]:
                if role not in named:
                    named.append(role)
    return {stage: _ordered(roles) for stage, roles in found.items()}


def role_views(keys: Iterable[str], lang: Lang) -> list[RoleView]:
    """Roles as the report shows them: the short name in a lane, the label with what it
    means where there is room."""
    return [RoleView(key=k, name=role_name(k, lang), label=role_label(k, lang)) for k in keys]


def _ordered(roles: list[str]) -> list[str]:
    known = [key for key in _ORDER if key in roles]
    return known + [role for role in roles if role not in _ORDER]
