"""The `journeybot` command line: chat, run, webhook, report, demo, maps, db upgrade, flows."""

from __future__ import annotations

import asyncio
import getpass
import logging
import shlex
import shutil
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar, cast

import typer
from pydantic import ValidationError

from bot.settings import Settings, SettingsError, load_settings
from flows.i18n import Lang

if TYPE_CHECKING:
    from bot.runtime import UnknownPersonaError

__all__ = ["app", "main"]

# Plain (Click-style) help, not Rich panels: typer 0.29's Rich help prints every flag with a
# value placeholder ("--help <bool>"), and the plain layout lists flags as flags. Set on each
# Typer, since sub-apps do not inherit it.
PLAIN_HELP = None

app = typer.Typer(
    help="journeybot: guided interviews that build customer journey maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=PLAIN_HELP,
)
db_app = typer.Typer(
    help="Database maintenance.", no_args_is_help=True, rich_markup_mode=PLAIN_HELP
)
flows_app = typer.Typer(
    help="Interview flow files.", no_args_is_help=True, rich_markup_mode=PLAIN_HELP
)
webhook_app = typer.Typer(
    help="Telegram's webhook, for several workers.",
    no_args_is_help=True,
    rich_markup_mode=PLAIN_HELP,
)
app.add_typer(db_app, name="db")
app.add_typer(webhook_app, name="webhook")
app.add_typer(flows_app, name="flows")

T = TypeVar("T")
Role = Literal["customer", "colleague", "editor"]
Address = Literal["je", "u"]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a `journeybot:` error line on stderr; returns the Exit for the caller to raise."""
    typer.echo(f"journeybot: {message}", err=True)
    return typer.Exit(code)


def settings() -> Settings:
    """The settings, or a one-line exit naming what to fix (no pydantic traceback)."""
    try:
        return load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None


def telegram_settings(*, webhook: bool = False) -> tuple[Settings, str]:
    """The settings and the bot token (and, for ``webhook``, the webhook's URL and secret),
    or a one-line exit naming what is missing, before anything starts."""
    config = settings()
    try:
        token = config.require_token()
        if webhook:
            config.require_webhook()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    return config, token


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion; Ctrl-C exits with 130 instead of a traceback."""
    try:
        return asyncio.run(factory())  # type: ignore[arg-type]
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def setup_logging(level: str) -> None:
    """Log with time, level and logger name; httpx's line per request is muted."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


def invoked_as() -> str:
    """This program as the user can run it again from here: its bare name when that is what
    the shell finds on PATH, else its path (relative when under the working directory, as
    after the README's install: ``.venv/bin/journeybot``)."""
    program = Path(sys.argv[0])
    if not program.name.startswith("journeybot"):  # run as ``python -m bot.cli``
        return "journeybot"
    found = shutil.which(program.name)
    if found is not None and Path(found).resolve() == program.resolve():
        return program.name
    absolute = program.absolute()
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return str(absolute)
    return str(relative) if relative.parent != Path() else f"./{relative}"


@app.command()
def chat(
    user: Annotated[str, typer.Option(help="Who you are in the local database.")] = "",
    language: Annotated[Lang | None, typer.Option(help="nl or en (first time only).")] = None,
    reports_dir: Annotated[Path | None, typer.Option(help="Where /report writes files.")] = None,
) -> None:
    """Run the interview in the terminal (SQLite by default, no Telegram token needed)."""
    from bot.runtime import run_terminal

    config = settings()
    logging.basicConfig(level=logging.WARNING)
    again = [invoked_as(), "chat", *(["--user", user] if user else [])]
    run_async(
        lambda: run_terminal(
            config,
            user=user or getpass.getuser(),
            lang=language or config.default_language,
            reports_dir=reports_dir or config.reports_dir,
            stdin=sys.stdin,
            stdout=sys.stdout,
            resume_command=shlex.join(again),
        )
    )


@app.command()
def run(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook",
            help="Listen for Telegram's deliveries instead of polling (one of several workers; "
            "needs JOURNEYBOT_WEBHOOK_URL and JOURNEYBOT_WEBHOOK_SECRET, and `webhook set` once).",
        ),
    ] = False,
    listen: Annotated[str, typer.Option(help="Webhook listen address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Webhook listen port.")] = 8443,
) -> None:
    """Run the Telegram bot (long polling, or a webhook worker with --webhook)."""
    from bot.runtime import run_telegram

    config, token = telegram_settings(webhook=webhook)
    setup_logging(config.log_level)
    run_telegram(config, token=token, webhook=webhook, listen=listen, port=port)


@webhook_app.command("set")
def webhook_set() -> None:
    """Point Telegram at JOURNEYBOT_WEBHOOK_URL with JOURNEYBOT_WEBHOOK_SECRET (once, not per
    worker); pending updates are kept."""
    from bot.runtime import set_telegram_webhook

    config, _ = telegram_settings(webhook=True)
    typer.echo(run_async(lambda: set_telegram_webhook(config)))


@webhook_app.command("delete")
def webhook_delete() -> None:
    """Remove the webhook (to go back to `journeybot run` with long polling)."""
    from bot.runtime import set_telegram_webhook

    config, _ = telegram_settings()
    typer.echo(run_async(lambda: set_telegram_webhook(config, delete=True)))


@webhook_app.command("info")
def webhook_info() -> None:
    """Show the webhook Telegram has: URL, pending updates, its last delivery error."""
    from bot.runtime import telegram_webhook_info

    config, _ = telegram_settings()
    typer.echo(run_async(lambda: telegram_webhook_info(config)))


@app.command()
def report(
    map_id: Annotated[int, typer.Argument(metavar="MAP", help="The map's number (see `maps`).")],
    fmt: Annotated[
        list[str],
        typer.Option(
            "--format", "-f", help="html, pdf, png, md, json, csv or xlsx; repeat or comma."
        ),
    ] = ["html"],  # noqa: B006 (typer reads the default)
    out: Annotated[
        Path, typer.Option(help="Output file, or directory for several formats.")
    ] = Path(),
) -> None:
    """Write a map's report in one or more formats."""
    from bot.runtime import write_report
    from reports import FORMATS, Format

    formats = [f.strip().lower() for item in fmt for f in item.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise fail(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    chosen = tuple(cast("Format", f) for f in formats)  # checked against FORMATS above
    paths = run_async(lambda: write_report(settings(), map_id, chosen, out))
    if paths is None:
        raise fail(f"there is no map {map_id} (see `journeybot maps`)")
    for path in paths:
        typer.echo(str(path))


@app.command()
def invite(
    map_id: Annotated[int, typer.Argument(metavar="MAP", help="The map's number (see `maps`).")],
    role: Annotated[Role, typer.Option(help="customer, colleague or editor.")] = "customer",
    days: Annotated[int, typer.Option(min=1, max=365, help="Days the link stays valid.")] = 30,
    max_uses: Annotated[
        int | None, typer.Option(min=1, help="How many people may use it (default: unlimited).")
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(help="For which persona: its name or the start of it (see `maps`)."),
    ] = None,
    qr: Annotated[
        Path | None,
        typer.Option(help="Also write the link's QR code (PNG; needs the bot's username)."),
    ] = None,
    address: Annotated[
        Address | None,
        typer.Option(
            help='How customers of this map are addressed in Dutch: "je" or "u" '
            "(kept for the map; default: as it is)."
        ),
    ] = None,
) -> None:
    """Create an invite link for a map (customers, colleagues or a co-owner)."""
    from bot.runtime import UnknownPersonaError, create_invite_link

    config = settings()
    if qr is not None and not config.telegram_bot_username:
        # Without the username there is no t.me link, and "/start TOKEN" is useless on paper.
        raise fail(
            "a QR code needs the bot's t.me link: set JOURNEYBOT_TELEGRAM_BOT_USERNAME "
            "(the bot's username); no invite was created"
        )
    try:
        result = run_async(
            lambda: create_invite_link(
                config,
                map_id,
                role=role,
                days=days,
                max_uses=max_uses,
                persona=persona,
                address=address,
            )
        )
    except UnknownPersonaError as exc:
        raise fail(persona_problem(map_id, exc)) from None
    if result is None:
        raise fail(f"there is no map {map_id} (see `journeybot maps`)")
    token, link = result
    typer.echo(link or f"/start {token}")
    if link is None:
        typer.echo(
            "(set JOURNEYBOT_TELEGRAM_BOT_USERNAME for a t.me link; in "
            f"`{invoked_as()} chat`, type the line above)",
            err=True,
        )
    if qr is not None and link is not None:
        from bot.features.invites import qr_png

        qr.write_bytes(qr_png(link))
        typer.echo(str(qr))


def persona_problem(map_id: int, exc: UnknownPersonaError) -> str:
    """One line: why the persona name did not pick one, and the names that would."""
    if not exc.names:
        return f"map {map_id} has no personas yet; leave out --persona"
    if exc.matches:
        what = f"{exc.wanted!r} fits more than one persona ({'; '.join(exc.matches)})"
    else:
        what = f"map {map_id} has no persona {exc.wanted!r}"
    return f"{what}; choose from: {'; '.join(exc.names)}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart; the last column is not padded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in [header, *rows]
    ]


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@app.command()
def maps() -> None:
    """List the maps in the database: number, date, title, owner, respondents, personas."""
    from bot.runtime import list_all_maps

    summaries = run_async(lambda: list_all_maps(settings()))
    if not summaries:
        typer.echo(f"no maps yet; `{invoked_as()} chat` starts one", err=True)
        return
    header = ("ID", "CREATED", "TITLE", "OWNER", "RESPONDENTS", "PERSONAS")
    rows = [
        (
            str(m.id),
            f"{m.created:%Y-%m-%d}",
            clip(m.title, 40),
            clip(m.owner, 20),
            str(m.respondents),
            "; ".join(m.personas) or "-",
        )
        for m in summaries
    ]
    for line in table(header, rows):
        typer.echo(line)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Directory for the sample report.")] = Path("demo"),
) -> None:
    """Write the demo map's report (a Dutch coffee roaster, all from interviews) in every format."""
    import reports

    for path in reports.write_demo(out):
        typer.echo(str(path))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    from storage.migrate import upgrade

    config = settings()
    run_async(lambda: upgrade(config.database_url))
    typer.echo("database is up to date")


@flows_app.command("validate")
def flows_validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Flow files (default: built-in).")
    ] = None,
) -> None:
    """Check flow files (the built-in ones include the archived versions); a bad file gets a
    precise error per problem."""
    from flows.schema import BUILTIN_FLOWS, FlowLibrary, load_flow

    paths = files or BUILTIN_FLOWS.files()
    bad = 0
    for path in paths:
        try:
            flow = load_flow(path)
        except FileNotFoundError:
            typer.echo(f"{path}: no such file", err=True)
            bad += 1
        except ValidationError as exc:
            bad += 1
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"])
                typer.echo(f"{path}: {where}: {error['msg']}", err=True)
        except Exception as exc:  # YAML syntax and the like
            bad += 1
            typer.echo(f"{path}: {exc}", err=True)
        else:
            # an archived version must be findable by its name and older than the newest
            problem = (
                FlowLibrary(path.parent.parent).archive_problem(path, flow)
                if path.parent.name == "archive"
                else None
            )
            if problem is not None:
                bad += 1
                typer.echo(f"{path}: {problem}", err=True)
                continue
            steps = len(flow.steps)
            typer.echo(f"{path}: ok ({flow.id} v{flow.version}, {steps} step{'s' * (steps != 1)})")
    if bad:
        raise typer.Exit(1)


@flows_app.command("diagram")
def flows_diagram(
    flow_id: Annotated[str, typer.Argument(help="A built-in flow id, e.g. owner.")],
    language: Annotated[Lang, typer.Option(help="nl or en.")] = "en",
    version: Annotated[
        int | None, typer.Option(help="An archived version (default: the newest).")
    ] = None,
) -> None:
    """Print a Mermaid diagram of a flow."""
    from flows.diagram import flow_to_mermaid
    from flows.schema import BUILTIN_FLOWS

    versions = BUILTIN_FLOWS.versions(flow_id)
    if not versions:
        raise fail(f"no built-in flow {flow_id!r}")
    if version is not None and version not in versions:
        shipped = ", ".join(map(str, versions))
        raise fail(f"flow {flow_id!r} has no version {version} (versions: {shipped})")
    typer.echo(flow_to_mermaid(BUILTIN_FLOWS.flow(flow_id, version), language))


def main() -> None:
    """Entry point of the `journeybot` console script (see [project.scripts])."""
    app()


if __name__ == "__main__":
    main()
