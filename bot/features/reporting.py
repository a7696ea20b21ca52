"""From a stored map to report files: read answers, project, analyse, render.

Reading happens inside the caller's transaction (a consistent snapshot) and yields a plain
`ReportRequest`; rendering happens in `render_files`, outside it, because PDF and PNG
rendering take long and need no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

import reports
from bot.conversation.outgoing import OutFile, ReportRequest
from flows.domain import JourneyMapData, Role
from flows.i18n import pick_lang
from flows.projection import ContributionAnswers, project_map
from reports.formats import Format
from storage.answers import current_answers_for_map
from storage.contributions import contributions_for_map
from storage.invites import list_invites
from storage.models import Map, User
from storage.users import users_by_id

__all__ = ["filter_names", "filtered", "read_map", "render_files", "write_files"]

_NAMED_ROLES = ("owner", "editor")

_ROLE_WORDS: dict[str, tuple[Role, ...]] = {
    "customers": ("customer",),
    "klanten": ("customer",),
    "external": ("customer",),
    "extern": ("customer",),
    "colleagues": ("colleague",),
    "collega's": ("colleague",),
    "collegas": ("colleague",),
    "internal": ("owner", "editor", "colleague"),
    "intern": ("owner", "editor", "colleague"),
}


def filtered(data: JourneyMapData, words: str) -> ReportRequest:
    """The report of ``data`` for ``customers``, ``colleagues``, ``internal``, ``external`` (or
    in Dutch) or a persona's name; an empty string keeps everything. Raises ValueError for
    anything else."""
    request = ReportRequest(data)
    wanted = words.strip().casefold()
    if not wanted:
        return request
    if wanted in _ROLE_WORDS:
        return replace(request, roles=_ROLE_WORDS[wanted])
    for persona in data.personas:
        if persona.name.casefold().startswith(wanted):
            return replace(request, personas=(persona.id,))
    raise ValueError(wanted)


def filter_names(data: JourneyMapData) -> str:
    """The words `filtered` understands, to show after an unknown one."""
    return ", ".join(["customers", "colleagues", *(p.name for p in data.personas)])


def render_files(request: ReportRequest, formats: Sequence[Format]) -> list[OutFile]:
    """Render the requested report in each format (slow: run it outside the transaction)."""
    report = reports.build(request.data, personas=request.personas, roles=request.roles)
    out: list[OutFile] = []
    for fmt in formats:
        data = reports.render(report, fmt)
        name = reports.file_name(report, fmt)
        if fmt == "png":
            out.append(OutFile(name, data, "photo", reports.summary_line(report)[:1024]))
        else:
            out.append(OutFile(name, data))
    return out


def write_files(request: ReportRequest, out: Path, formats: Sequence[Format]) -> list[Path]:
    """Write the report: one format to exactly ``out`` when it has a suffix, else every format
    into the folder ``out``."""
    files = render_files(request, formats)
    one_file = len(files) == 1 and out.suffix
    targets = [out] if one_file else [out / file.filename for file in files]
    for path, file in zip(targets, files, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.data)
    return targets


async def read_map(
    session: AsyncSession, journey_map: Map, *, now: datetime, flow_id: str | None = None
) -> JourneyMapData:
    """Collect every contribution's current answers to the map (access checked by the caller).

    ``flow_id="owner"`` reads only the map's own content (stages, personas), not the answers of
    its respondents — all that starting an invite or an interview needs."""
    contributions = await contributions_for_map(session, journey_map.id, flow_id=flow_id)
    answers = await current_answers_for_map(session, journey_map.id, flow_id=flow_id)
    personas = {i.id: i.persona_key for i in await list_invites(session, journey_map.id)}
    users = await users_by_id(session, {c.user_id for c in contributions})
    inputs = [
        ContributionAnswers(
            id=str(c.id),
            role=c.role,
            flow_id=c.flow_id,
            answers=answers.get(c.id, {}),
            language=pick_lang((c.state or {}).get("lang")),
            # Respondents are anonymous in the report unless they agreed to be named.
            display_name=_name(users.get(c.user_id)) if c.named or c.role in _NAMED_ROLES else None,
            finished=c.status == "finished",
            started_at=c.started_at,
            finished_at=c.finished_at,
            persona_id=personas.get(c.invite_id) if c.invite_id else None,
        )
        for c in contributions
        if c.state is not None  # erased contributions are gone from the report
    ]
    data = project_map(
        str(journey_map.id), journey_map.title, pick_lang(journey_map.language), inputs
    )
    return data.model_copy(update={"generated_at": now})


def _name(user: User | None) -> str | None:
    return user.display_name if user is not None else None
