"""`journeybot chat` driven through a pipe: the whole interview in English, then the report."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.transports.terminal import format_message, parse_line
from flows.schema import builtin_flow
from flows.values import Button, OutMessage
from testkit.interview import ANSWER_TEXTS, OWNER_INTERVIEW, TITLE, Action, Command, Pick, Type
from tests.bot.test_control_words import BUTTON_WORDS
from tests.flows.helpers import Session, drive, mini_flow
from tests.flows.test_repeats import FIRST_PASS


def terminal_lines(
    lang: str = "en", script: Sequence[Action] = OWNER_INTERVIEW, *, own_lists: str = ""
) -> list[str]:
    """The interview as a person types it in the terminal, worked out on the engine: an option
    by the number (or value) the terminal lists for it; the options of a multiple choice
    together on one line (``1,7``); skip and continue as their commands; the text of a
    question that takes several lines one per line, then an empty line. With ``own_lists``,
    a proposed list is not kept but typed anew: as many items as proposed, ``<own_lists> 1``,
    ``<own_lists> 2``..."""
    session = Session.begin(builtin_flow("owner"), lang=lang)  # type: ignore[arg-type]
    lines: list[str] = []
    ticked: list[str] = []
    for action in script:
        question = next(m for m in reversed(session.messages) if m.kind == "question")
        _, shown = format_message(question)
        proposed = [line for line in question.text.splitlines() if re.match(r"\d+\. ", line)]
        if own_lists and shown.lines and proposed and isinstance(action, Pick):
            action = Type("\n".join(f"{own_lists} {n}" for n in range(1, len(proposed) + 1)))
        if isinstance(action, Type):
            lines += [*action.text.splitlines(), ""] if shown.lines else [action.text]
            session.type(action.text)
        elif isinstance(action, Command):
            lines.append(f"/{action.name} {action.args}".rstrip())
            session.command(action.name, action.args)
        else:
            buttons = session.buttons()
            picked = buttons[action.position(len(buttons))]
            session.press_data(picked.data)
            if picked.role in ("skip", "continue"):
                lines.append(f"/{picked.role}")
            elif picked.role == "done":
                lines.append(",".join(ticked))
                ticked = []
                if picked.data.endswith(":_last"):
                    # typed numbers answer the multi; the next event's question then offers
                    # "that was the last one" as a command
                    lines.append("/klaar" if lang == "nl" else "/done")
            elif picked.role == "last":
                lines.append("/klaar" if lang == "nl" else "/done")
            else:
                key = next(k for k, button in shown.listed.items() if button == picked)
                (ticked if shown.typed else lines).append(key)
    return lines


# The installed console script, as a user runs it (``python -m`` would put the working
# directory on sys.path).
JOURNEYBOT = Path(sys.executable).with_name("journeybot")


def run_cli(
    args: list[str],
    tmp_path: Path,
    stdin: str = "",
    *,
    program: str | Path = JOURNEYBOT,
    cwd: Path | None = None,
    reports_dir: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``journeybot`` on a database in ``tmp_path``; reports go to ``reports_dir`` or, left
    out, to the default folder under the working directory ``cwd`` (``tmp_path``)."""
    env = {**os.environ, "JOURNEYBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}"}
    env.pop("JOURNEYBOT_REPORTS_DIR", None)
    if reports_dir is not None:
        env["JOURNEYBOT_REPORTS_DIR"] = str(reports_dir)
    return subprocess.run(
        [str(program), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or tmp_path,
        timeout=180,
        check=False,
    )


GOODBYE = {"nl": "verdergaan doe je met: ", "en": "to continue, run: "}
REPORT_PROMISE = {
    "nl": "eerst een plaatje van de kaart, dan de hele kaart als webpagina en als pdf",
    "en": "first a picture of the map, then the whole map as a web page and a PDF",
}
WELCOME_BACK = {"nl": "Welkom terug", "en": "Welcome back"}


def resume_command(out: str, lang: str) -> list[str]:
    """The command the goodbye names, as words."""
    line = next(line for line in out.splitlines() if GOODBYE[lang] in line)
    return shlex.split(line.split(GOODBYE[lang], 1)[1])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_piped_interview_writes_the_report_it_promises(tmp_path: Path, lang: str) -> None:
    lines = terminal_lines(lang, own_lists="Fase")  # the stages typed one per line
    script = "\n".join([*lines, "/report", ""])
    result = run_cli(["chat", "--user", "sam", "--language", lang], tmp_path, script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ("Stap 5 van 5" if lang == "nl" else "Step 5 of 5") in out
    assert "Traceback" not in out + result.stderr
    assert not BUTTON_WORDS.search(out), BUTTON_WORDS.search(out)

    # /report promised a picture, a web page and a PDF, and names the folder holding them
    assert REPORT_PROMISE[lang] in out
    folder = tmp_path / "journeybot-reports"
    written = sorted(folder.iterdir())
    assert sorted(p.suffix for p in written) == [".html", ".pdf", ".png"]
    said = out.split(REPORT_PROMISE[lang], 1)[1]
    assert str(folder.resolve()) in said
    assert all(path.name in said for path in written)
    assert written[0].read_bytes().lower().startswith(b"<!doctype html>")
    assert written[1].read_bytes().startswith(b"%PDF")
    assert written[2].read_bytes().startswith(b"\x89PNG")
    html = written[0].read_text(encoding="utf-8")
    for text in ANSWER_TEXTS:
        assert text in html
    assert f'lang="{lang}"' in html
    assert "Fase 6" in html  # a stage typed on its own line

    # The same map, exported as JSON by the report command, holds the same answers.
    exported = run_cli(["report", "1", "--format", "json", "--out", "map.json"], tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert data["title"] == TITLE
    assert TITLE in json.dumps(data, ensure_ascii=False)

    # The goodbye names a command that continues this chat, run as a shell would run it
    program, *args = resume_command(out, lang)
    assert args == ["chat", "--user", "sam"]
    again = run_cli(args, tmp_path, "/status\n", program=program)
    assert WELCOME_BACK[lang] in again.stdout, again.stdout[-1000:]


def test_after_the_readme_install_the_goodbye_names_a_command_that_works(tmp_path: Path) -> None:
    # README: `python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/journeybot chat`,
    # run in the checkout: the program by its path relative to there.
    checkout = JOURNEYBOT.parents[2]
    program = JOURNEYBOT.relative_to(checkout)
    first = run_cli(
        ["chat", "--language", "en"],
        tmp_path,
        "",
        program=program,
        cwd=checkout,
        reports_dir=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    named, *args = resume_command(first.stdout, "en")
    assert named in (str(program), "journeybot")  # as run, or the bare name on PATH
    again = run_cli(args, tmp_path, "/status\n", program=named, cwd=checkout, reports_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Welcome back" in again.stdout


def test_stopping_and_resuming_keeps_the_answers(tmp_path: Path) -> None:
    lines = terminal_lines("en")
    first = run_cli(["chat", "--user", "sam", "--language", "en"], tmp_path, "\n".join(lines[:5]))
    assert first.returncode == 0, first.stderr
    assert "saved" in first.stdout
    second = run_cli(["chat", "--user", "sam"], tmp_path, "/status\n")
    assert "Welcome back" in second.stdout
    assert TITLE in second.stdout  # the map is now called by the answered title


def test_numbers_pick_options_and_commands_parse() -> None:
    buttons = [Button("Yes", "q:1"), Button("No", "q:2")]
    text, shown = format_message(OutMessage("Pick one", buttons=((buttons[0],), (buttons[1],))))
    choices = shown.choices
    assert text.splitlines() == ["Pick one", "  1. Yes", "  2. No"]
    assert choices == {"1": buttons[0], "2": buttons[1]}
    assert parse_line("2\n", choices).data == "q:2"
    assert parse_line("3\n", choices).kind == "text"  # out of range: the engine explains
    command = parse_line("/language nl\n", choices)
    assert (command.kind, command.command, command.args) == ("command", "language", "nl")
    assert parse_line("Hello\n", {}).text == "Hello"


def test_a_scale_point_is_typed_as_itself_and_other_buttons_never_clash() -> None:
    points = [Button(f"{v:+d} face", f"s:{v}", key=str(v)) for v in range(-2, 3)]
    other = Button("Not sure", "s:unsure")
    text, shown = format_message(OutMessage("How?", buttons=(tuple(points), (other,))))
    choices = shown.choices
    assert text.splitlines()[1:] == [
        "  -2. face",  # the value is not said twice
        "  -1. face",
        "  0. face",
        "  1. face",
        "  2. face",
        "  3. Not sure",
    ]
    assert parse_line("1", choices).data == "s:1"  # +1, not the first button (-2)
    assert parse_line("-2", choices).data == "s:-2"
    assert parse_line("+2", choices).data == "s:2"
    assert parse_line("−1", choices).data == "s:-1"  # a typographic minus
    assert parse_line("3", choices).data == "s:unsure"


def test_bad_settings_are_one_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("JOURNEYBOT_DEFAULT_LANGUAGE=fr\n", encoding="utf-8")
    result = run_cli(["chat"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "JOURNEYBOT_DEFAULT_LANGUAGE" in result.stderr


def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    result = run_cli(["run"], tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr


def test_terminal_invite_and_customer_interview(tmp_path: Path) -> None:
    owner = run_cli(["chat", "--user", "olga", "--language", "en"], tmp_path, "3\n")
    assert owner.returncode == 0, owner.stderr
    created = run_cli(["invite", "1", "--role", "customer", "--max-uses", "1"], tmp_path)
    assert created.returncode == 0, created.stderr
    start_line = created.stdout.strip().splitlines()[0]
    assert start_line.startswith("/start ")
    story = [
        start_line,
        "1",  # consent, anonymously
        "2",  # in the past month
        "A birthday cake",
        "Ordered on the site",
        "Picked it up",
        "",  # the story ends with an empty line
        *("4", "2", "4", "1"),  # ordered; felt +2; contact good; website
        *("5", "-2", "2", "8"),  # received; felt -2; contact poor; in the shop
        "Waited twenty minutes",  # what bothered them
        *("1", "9", "The cake", "/skip", "A text"),
    ]
    customer = run_cli(
        ["chat", "--user", "carla", "--language", "en"], tmp_path, "\n".join(story) + "\n"
    )
    assert "Will you take part?" in customer.stdout
    assert "Roughly when was that?" in customer.stdout
    # a card's questions each print on their own, under what was chosen so far
    assert "✓ You received it or got started\n✓ 😠 -2 Very negative" in customer.stdout
    assert "Thank you! Your story helps" in customer.stdout, customer.stdout[-2000:]
    again = run_cli(["chat", "--user", "cees", "--language", "en"], tmp_path, f"{start_line}\n")
    assert "used by as many people as allowed" in again.stdout


def test_demo_writes_every_format(tmp_path: Path) -> None:
    result = run_cli(["demo", "--out", "demo"], tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.suffix for p in (tmp_path / "demo").iterdir())
    assert written == [".csv", ".html", ".json", ".md", ".pdf", ".png", ".xlsx"]


def test_flows_validate_points_at_the_problem(tmp_path: Path) -> None:
    good = run_cli(["flows", "validate"], tmp_path)
    assert good.returncode == 0, good.stderr
    assert "owner.yaml: ok (owner v2, 5 steps)" in good.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nversion: 1\ntitle: {nl: Slecht, en: Bad}\nsteps:\n"
        "  - number: 1\n    title: {nl: Een, en: One}\n    nodes:\n"
        "      - {type: question, key: pick, kind: single, prompt: {nl: Kies, en: Pick}}\n",
        encoding="utf-8",
    )
    result = run_cli(["flows", "validate", str(bad)], tmp_path)
    assert result.returncode == 1
    assert "steps.0.nodes.0.question" in result.stderr
    assert "needs options" in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    assert run_cli(["flows", "validate", str(broken)], tmp_path).returncode == 1


def test_the_edit_menu_numbers_each_entry_once() -> None:
    """The terminal numbers the entries of an edit level; the text does not list them again
    (on Telegram the entries are the buttons)."""
    s = drive(mini_flow(), FIRST_PASS)
    for label in ["Edit an answer", "Scenarios", "Event 1"]:
        s.press(label)
    message = s.messages[-1]
    entries = [b.label for b in s.buttons()]
    assert not [label for label in entries if label in message.text]
    text, _ = format_message(message)
    assert "  1. In which stage? → Looking around at what's out there" in text.splitlines()
    assert not re.search(r"^\s*\d+\.\s*\d+[.·]", text, re.MULTILINE), text


def test_invite_can_set_how_customers_are_addressed(tmp_path: Path) -> None:
    owner = run_cli(["chat", "--user", "olga", "--language", "nl"], tmp_path, "3\n")
    assert owner.returncode == 0, owner.stderr
    created = run_cli(["invite", "1", "--role", "customer", "--address", "u"], tmp_path)
    assert created.returncode == 0, created.stderr
    start_line = created.stdout.strip().splitlines()[0]
    customer = run_cli(
        ["chat", "--user", "gerard", "--language", "nl"], tmp_path, f"{start_line}\n"
    )
    assert "Doet u mee?" in customer.stdout
    wrong = run_cli(["invite", "1", "--address", "jij"], tmp_path)
    assert wrong.returncode == 2
