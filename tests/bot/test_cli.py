"""The `journeybot` admin commands as a user runs them: help, `maps`, `invite --persona/--qr`,
`flows validate`."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from flows.schema import BUILTIN_FLOWS
from testkit.interview import PERSONA, TITLE
from tests.bot.test_terminal_chat import run_cli, terminal_lines
from tests.flows.test_flow_versions import flow_file, write

USERNAME_SETTING = "JOURNEYBOT_TELEGRAM_BOT_USERNAME"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database where olga's map has its title and one persona (the interview's first part)."""
    folder = tmp_path_factory.mktemp("seeded")
    lines = terminal_lines("en")
    persona_at = lines.index(PERSONA)
    script = "\n".join(lines[: persona_at + 3])  # name, description, goals
    result = run_cli(["chat", "--user", "olga", "--language", "en"], folder, script)
    assert result.returncode == 0, result.stderr
    return folder / "chat.db"


@pytest.fixture
def db(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeded database where run_cli finds it; no bot username set."""
    monkeypatch.delenv(USERNAME_SETTING, raising=False)
    return Path(shutil.copy(seeded, tmp_path / "chat.db"))


def invites(db: Path) -> list[tuple[int, str | None]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT map_id, persona_key FROM invites").fetchall()


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["chat"],
        ["run"],
        ["webhook"],
        ["webhook", "set"],
        ["invite"],
        ["maps"],
        ["report"],
        ["db"],
        ["db", "upgrade"],
        ["flows"],
    ],
)
def test_help_shows_flags_as_flags(command: list[str], tmp_path: Path) -> None:
    result = run_cli([*command, "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout
    assert re.search(r"^ +--help +Show this message and exit\.$", result.stdout, re.M), (
        result.stdout
    )


def test_maps_is_a_table_with_owner_respondents_and_persona_names(db: Path, tmp_path: Path) -> None:
    # A second map, without personas, by someone else.
    assert run_cli(["chat", "--user", "bob", "--language", "en"], tmp_path).returncode == 0
    result = run_cli(["maps"], tmp_path)
    assert result.returncode == 0, result.stderr
    header, first, second = result.stdout.splitlines()
    assert header.split() == ["ID", "CREATED", "TITLE", "OWNER", "RESPONDENTS", "PERSONAS"]
    assert first.startswith("1 ")
    assert TITLE in first
    assert "olga" in first
    assert first.endswith(PERSONA)
    assert second.startswith("2 ")
    assert "bob" in second
    assert "\t" not in result.stdout
    # Aligned: every column starts where its heading does.
    for heading in ("TITLE", "OWNER", "RESPONDENTS", "PERSONAS"):
        column = header.index(heading)
        assert first[column - 2 : column] == "  "
        assert first[column] != " "
    assert first[header.index("RESPONDENTS")] == "0"


def test_empty_database_says_so(tmp_path: Path) -> None:
    result = run_cli(["maps"], tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "no maps yet" in result.stderr


def test_invite_takes_the_persona_by_name(db: Path, tmp_path: Path) -> None:
    prefix = PERSONA.split()[0][:4].upper()  # "MARI": a prefix in another case
    result = run_cli(["invite", "1", "--persona", prefix], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("/start ")
    assert invites(db) == [(1, "p0")]


def test_unknown_persona_is_one_line_naming_the_maps_personas(db: Path, tmp_path: Path) -> None:
    result = run_cli(["invite", "1", "--persona", "Henk"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "'Henk'" in result.stderr
    assert PERSONA in result.stderr
    assert invites(db) == []


def test_a_qr_without_the_bot_username_is_refused(db: Path, tmp_path: Path) -> None:
    result = run_cli(["invite", "1", "--qr", "invite.png"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert USERNAME_SETTING in result.stderr
    assert not (tmp_path / "invite.png").exists()
    assert invites(db) == []


def test_a_qr_with_the_bot_username_holds_the_link(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(USERNAME_SETTING, "journey_test_bot")
    result = run_cli(["invite", "1", "--qr", "invite.png"], tmp_path)
    assert result.returncode == 0, result.stderr
    link, path = result.stdout.splitlines()
    assert link.startswith("https://t.me/journey_test_bot?start=")
    assert (tmp_path / path).read_bytes().startswith(b"\x89PNG")
    assert len(invites(db)) == 1


def test_flows_validate_checks_every_shipped_file_the_archived_versions_included(
    tmp_path: Path,
) -> None:
    result = run_cli(["flows", "validate"], tmp_path)
    assert result.returncode == 0, result.stderr
    checked = [line.split(": ok ")[0] for line in result.stdout.splitlines()]
    assert checked == [str(path) for path in BUILTIN_FLOWS.files()]


def test_flows_validate_refuses_an_archived_version_misnamed_or_not_older(tmp_path: Path) -> None:
    definitions = tmp_path / "definitions"
    current = write(definitions / "visit.yaml", flow_file(2, "when", "why"))
    good = write(definitions / "archive" / "visit.v1.yaml", flow_file(1, "when"))
    misnamed = write(definitions / "archive" / "visit.v7.yaml", flow_file(1, "when"))
    too_new = write(definitions / "archive" / "visit.v2.yaml", flow_file(2, "when"))
    result = run_cli(
        ["flows", "validate", str(current), str(good), str(misnamed), str(too_new)], tmp_path
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{current}: ok (visit v2, 1 step)",
        f"{good}: ok (visit v1, 1 step)",
    ]
    assert result.stderr.splitlines() == [
        f"{misnamed}: holds visit v1, so it must be named visit.v1.yaml",
        f"{too_new}: v2 is not below the current v2",
    ]


def test_flows_diagram_draws_a_shipped_version_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    versions = BUILTIN_FLOWS.versions("owner")
    oldest = run_cli(["flows", "diagram", "owner", "--version", str(versions[0])], tmp_path)
    assert oldest.returncode == 0, oldest.stderr
    assert oldest.stdout.startswith(f"%% Flow 'owner' v{versions[0]},")
    unknown = run_cli(["flows", "diagram", "owner", "--version", "99"], tmp_path)
    assert unknown.returncode == 2
    shipped = ", ".join(map(str, versions))
    assert unknown.stderr == f"journeybot: flow 'owner' has no version 99 (versions: {shipped})\n"


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (["run", "--webhook"], {"JOURNEYBOT_WEBHOOK_SECRET": None}),
        (["webhook", "set"], {"JOURNEYBOT_WEBHOOK_SECRET": None}),
        (["run", "--webhook"], {"JOURNEYBOT_WEBHOOK_URL": None}),
        (["run", "--webhook"], {"JOURNEYBOT_WEBHOOK_SECRET": "has spaces"}),
    ],
)
def test_webhook_mode_without_its_settings_stops_with_one_line(
    args: list[str], missing: dict[str, str | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that made up its own secret locked every other worker out: the secret is a
    setting, and without it nothing starts (no database, no Telegram call)."""
    monkeypatch.setenv("JOURNEYBOT_TELEGRAM_TOKEN", "123456:" + "A" * 35)
    monkeypatch.setenv("JOURNEYBOT_TELEGRAM_API_URL", "http://127.0.0.1:9/bot")  # never called
    monkeypatch.setenv("JOURNEYBOT_WEBHOOK_URL", "https://bot.example.com/telegram")
    monkeypatch.setenv("JOURNEYBOT_WEBHOOK_SECRET", "s3cret")
    for name, value in missing.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    result = run_cli(args, tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"journeybot: {next(iter(missing))}"), line
    assert not (tmp_path / "chat.db").exists()
