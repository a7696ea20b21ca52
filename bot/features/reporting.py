"""From a stored map to report files: read answers, project, analyse, render.

Reading happens inside the caller's transaction (a consistent snapshot); rendering happens in
`MapReport.files`, outside it, because PDF and PNG rendering take long and need no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import reports
from bot.conversation.outgoing import OutFile
from flows.domain import JourneyMapData, Role
from flows.i18n import pick_lang
from flows.projection import ContributionAnswers, project_map
from reports.formats import Format
from storage.answers import current_answers_for_map
from storage.contributions import contributions_for_map
from storage.invites import list_invites
from storage.models import Map, User

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


@dataclass(frozen=True, slots=True)
class MapReport:
    """A map's data, ready to render in any format, optionally filtered by persona or role."""

    data: JourneyMapData
    personas: tuple[str, ...] | None = None
    roles: tuple[Role, ...] | None = None

    @property
    def report(self) -> reports.JourneyReport:
        return reports.build(self.data, personas=self.personas, roles=self.roles)

    def filtered(self, words: str) -> MapReport:
        """``customers``, ``colleagues``, ``internal``, ``external`` (or in Dutch) or a persona's
        name; an empty string keeps everything. Raises ValueError for anything else."""
        wanted = words.strip().casefold()
        if not wanted:
            return self
        if wanted in _ROLE_WORDS:
            return replace(self, roles=_ROLE_WORDS[wanted])
        for persona in self.data.personas:
            if persona.name.casefold().startswith(wanted):
                return replace(self, personas=(persona.id,))
        raise ValueError(wanted)

    def filter_names(self) -> str:
        return ", ".join(["customers", "colleagues", *(p.name for p in self.data.personas)])

    def files(self, formats: Sequence[Format]) -> list[OutFile]:
        report = self.report
        out: list[OutFile] = []
        for fmt in formats:
            data = reports.render(report, fmt)
            name = f"{file_stem(self.data)}.{fmt}"
            if fmt == "png":
                out.append(OutFile(name, data, "photo", reports.summary_line(report)[:1024]))
            else:
                out.append(OutFile(name, data))
        return out

    def write_file(self, path: Path, fmt: Format) -> list[Path]:
        """Write one format to exactly ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.files((fmt,))[0].data)
        return [path]

    def write(self, out_dir: Path, formats: Sequence[Format]) -> list[Path]:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for file in self.files(formats):
            path = out_dir / file.filename
            path.write_bytes(file.data)
            paths.append(path)
        return paths


def file_stem(data: JourneyMapData) -> str:
    """A safe file name from the map title: letters, digits and dashes only."""
    safe = "".join(c if c.isalnum() else "-" for c in data.title.lower()).strip("-")
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"journeymap-{data.id}-{safe[:40] or 'map'}"


async def build_map_report(
    session: AsyncSession, journey_map: Map, *, now: datetime, flow_id: str | None = None
) -> MapReport:
    """Collect every contribution's current answers to the map (access checked by the caller).

    ``flow_id="owner"`` reads only the map's own content (stages, personas), not the answers of
    its respondents — all that starting an invite or an interview needs."""
    contributions = await contributions_for_map(session, journey_map.id, flow_id=flow_id)
    answers = await current_answers_for_map(session, journey_map.id, flow_id=flow_id)
    personas = {i.id: i.persona_key for i in await list_invites(session, journey_map.id)}
    user_ids = {c.user_id for c in contributions}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    names: dict[int, str] = {row.id: row.display_name for row in rows}
    inputs = [
        ContributionAnswers(
            id=str(c.id),
            role=c.role,
            flow_id=c.flow_id,
            answers=answers.get(c.id, {}),
            language=pick_lang((c.state or {}).get("lang")),
            # Respondents are anonymous in the report unless they agreed to be named.
            display_name=names.get(c.user_id) if c.named or c.role in _NAMED_ROLES else None,
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
    return MapReport(data=data.model_copy(update={"generated_at": now}))
