"""Versioned flows: an interview finishes on the version it began on, a new one begins on the
newest, and a state from before versions were recorded runs on version 1."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.engine import advance, resume
from flows.schema import FlowLibrary, archive_name, load_flow
from flows.values import FlowState, Inbound
from tests.flows.helpers import NOW, Session, check_step


def flow_file(version: int, *keys: str, flow_id: str = "visit") -> dict[str, Any]:
    """A one-step flow asking one text question per key, as a flow file holds it."""
    return {
        "id": flow_id,
        "version": version,
        "title": {"nl": "Bezoek", "en": "Visit"},
        "steps": [
            {
                "number": 1,
                "title": {"nl": "Vragen", "en": "Questions"},
                "nodes": [
                    {
                        "type": "question",
                        "key": key,
                        "kind": "text",
                        "prompt": {"nl": f"Vraag {key}?", "en": f"Question {key}?"},
                    }
                    for key in keys
                ],
            }
        ],
    }


def write(path: Path, raw: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


V1 = flow_file(1, "when", "what")
V2 = flow_file(2, "when", "why", "what")  # a question added in the middle


def ship_v2(directory: Path) -> FlowLibrary:
    """What a developer does to ship version 2: copy v1 into the archive, then edit and bump."""
    write(directory / "archive" / archive_name("visit", 1), V1)
    write(directory / "visit.yaml", V2)
    return FlowLibrary(directory)


def stored(session: Session) -> FlowState:
    """The state as the database gives it back."""
    return FlowState.model_validate_json(session.state.model_dump_json())


def test_an_interview_begun_on_v1_finishes_on_v1_while_a_new_one_begins_on_v2(
    tmp_path: Path,
) -> None:
    write(tmp_path / "visit.yaml", V1)
    before = FlowLibrary(tmp_path)
    old = Session.begin(before.flow("visit"))
    old.type("Last May")
    assert old.state.flow_version == 1
    assert "Question what?" in old.text

    after = ship_v2(tmp_path)  # a restart with the new version shipped
    state = stored(old)
    flow = after.flow(state.flow_id, state.flow_version)
    assert flow.version == 1
    step = resume(flow, state)
    check_step(step)
    assert "Question what?" in step.messages[-1].text
    step = advance(flow, step.state, Inbound(kind="text", text="A repair"), NOW)
    check_step(step)
    assert "finished" in step.signals
    assert step.state.flow_version == 1
    assert step.state.values == {"when": "Last May", "what": "A repair"}

    new = Session.begin(after.flow("visit"))
    assert new.state.flow_version == 2
    new.type("Yesterday")
    assert "Question why?" in new.text


def test_a_state_stored_before_versions_were_recorded_runs_on_version_1(tmp_path: Path) -> None:
    library = ship_v2(tmp_path)
    session = Session.begin(library.flow("visit", 1))
    session.type("Last May")
    raw = session.state.model_dump(mode="json")
    del raw["flow_version"]  # as states were stored before
    state = FlowState.model_validate(raw)
    assert state.flow_version == 1
    step = resume(library.flow(state.flow_id, state.flow_version), state)
    check_step(step)
    assert "Question what?" in step.messages[-1].text


def test_the_lookup_gives_each_version_once_and_the_newest_by_default(tmp_path: Path) -> None:
    library = ship_v2(tmp_path)
    assert library.ids() == ["visit"]
    assert library.flow("visit").version == 2
    assert library.flow("visit", 2) is library.flow("visit")
    assert library.flow("visit", 1).version == 1
    assert library.flow("visit", 1) is library.flow("visit", 1)
    assert library.files() == [tmp_path / "visit.yaml", tmp_path / "archive" / "visit.v1.yaml"]
    assert library.versions("visit") == [1, 2]
    assert library.versions("nonexistent") == []
    with pytest.raises(FileNotFoundError):
        library.flow("nonexistent")


def test_a_version_no_longer_shipped_continues_on_the_newest_with_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    library = ship_v2(tmp_path)
    session = Session.begin(library.flow("visit", 1))
    session.type("Last May")
    (tmp_path / "archive" / "visit.v1.yaml").unlink()
    library = FlowLibrary(tmp_path)  # a restart without the file
    state = stored(session)
    with caplog.at_level(logging.WARNING, logger="flows.schema"):
        flow = library.flow(state.flow_id, state.flow_version)
        assert library.flow(state.flow_id, state.flow_version) is flow
    assert flow.version == 2
    assert [r.getMessage() for r in caplog.records] == [
        "flow visit v1 is not archived: its interviews continue on v2"
    ]
    step = resume(flow, state)
    check_step(step)
    assert step.state.flow_version == 2  # it runs on v2 now, and says so
    assert "Question what?" in step.messages[-1].text  # where it was, on the newest flow
    step = advance(flow, step.state, Inbound(kind="text", text="A repair"), NOW)
    check_step(step)
    assert step.state.values == {"when": "Last May", "what": "A repair"}
    assert "Question why?" in step.messages[-1].text  # what v2 added is asked too


def test_an_archived_file_must_be_named_by_its_version_and_older_than_the_newest(
    tmp_path: Path,
) -> None:
    library = ship_v2(tmp_path)
    good = tmp_path / "archive" / "visit.v1.yaml"
    assert library.archive_problem(good, load_flow(good)) is None
    misnamed = write(tmp_path / "archive" / "visit-1.yaml", V1)
    assert "visit.v1.yaml" in str(library.archive_problem(misnamed, load_flow(misnamed)))
    too_new = write(tmp_path / "archive" / "visit.v3.yaml", flow_file(3, "when"))
    assert "not below the current v2" in str(library.archive_problem(too_new, load_flow(too_new)))
    orphan = write(tmp_path / "archive" / "gone.v1.yaml", flow_file(1, "when", flow_id="gone"))
    assert "no current flow 'gone'" in str(library.archive_problem(orphan, load_flow(orphan)))
