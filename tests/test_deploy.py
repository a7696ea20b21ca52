"""deploy/ holds together: the Compose file, the Dockerfile, the systemd units and the proxy
configuration name the same commands, ports and settings (issue 15, item 9).

No image can be pulled here and Docker Compose is not installed, so the Compose file is read
as YAML and checked for its structure; the commands it, the Dockerfile and the units run are
run with ``--help`` (the CLI refuses an unknown command or option); HAProxy checks its
configuration with Compose's environment; systemd checks the units where systemd-analyze is
installed. tests/e2e/test_proxy_drill.py runs the same haproxy.cfg with real workers.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from testkit.proxy import HAPROXY_CONFIG, haproxy_binary
from tests.support.tools import missing_tool

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
JOURNEYBOT = Path(sys.executable).with_name("journeybot")
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text()


def exec_form(instruction: str) -> list[str]:
    """The JSON-array arguments of the Dockerfile's ENTRYPOINT or CMD."""
    match = re.search(rf"^{instruction} (\[.*\])$", dockerfile(), re.MULTILINE)
    assert match, instruction
    words: list[str] = yaml.safe_load(match.group(1))
    return words


def journeybot_commands() -> list[list[str]]:
    """Every journeybot command line the deployment runs: the image's default, the Compose
    setup's, and the systemd units' (with an instance's port for %i)."""
    commands = [exec_form("CMD")]
    setup = compose()["services"]["setup"]["entrypoint"]
    assert setup[:2] == ["sh", "-c"]
    commands += [shlex.split(part)[1:] for part in setup[2].split("&&")]
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if not line.startswith("ExecStart="):
                continue
            words = shlex.split(line.removeprefix("ExecStart=").replace("%i", "8081"))
            if words[0].endswith("/journeybot"):
                commands.append(words[1:])
    return commands


def test_the_compose_file_runs_postgres_a_setup_two_workers_and_the_proxy() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "setup", "worker1", "worker2", "proxy"}
    for name in ("setup", "worker1", "worker2"):
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        url = service["environment"]["JOURNEYBOT_DATABASE_URL"]
        assert url.startswith("postgresql://")
        assert "@postgres:5432/" in url
        assert service["env_file"] == ".env"
    assert services["setup"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["setup"]["restart"] == "no"
    for name in ("worker1", "worker2"):
        # the workers start once the schema is current and Telegram knows the proxy
        assert services[name]["depends_on"] == {
            "setup": {"condition": "service_completed_successfully"}
        }
        assert "entrypoint" not in services[name]  # the image's: `journeybot run --webhook`
    assert "healthcheck" in services["postgres"]


def test_the_proxy_service_gives_haproxy_cfg_what_it_reads() -> None:
    proxy = compose()["services"]["proxy"]
    assert proxy["image"].startswith("haproxy:")
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    read = set(re.findall(r"\$\{(\w+)\}", HAPROXY_CONFIG.read_text()))
    assert read == set(proxy["environment"])
    port = exec_form("CMD")[exec_form("CMD").index("--port") + 1]
    for n in (1, 2):
        assert proxy["environment"][f"JOURNEYBOT_WORKER_{n}"] == f"worker{n}:{port}"
    bind = proxy["environment"]["JOURNEYBOT_PROXY_BIND"]
    assert [f"{bind.lstrip(':')}:{bind.lstrip(':')}"] == proxy["ports"]
    assert exec_form("CMD")[exec_form("CMD").index("--listen") + 1] == "0.0.0.0"


def test_every_setting_compose_reads_is_in_the_example_environment() -> None:
    example = (DEPLOY / "env.example").read_text()
    given = set(re.findall(r"^(\w+)=", example, re.MULTILINE))
    wanted = set(re.findall(r"\$\{(\w+)", (DEPLOY / "compose.yaml").read_text()))
    needed = {"JOURNEYBOT_TELEGRAM_TOKEN", "JOURNEYBOT_WEBHOOK_URL", "JOURNEYBOT_WEBHOOK_SECRET"}
    assert wanted | needed <= given


def test_the_image_runs_as_an_ordinary_user_and_holds_the_packages() -> None:
    text = dockerfile()
    assert re.search(r"^FROM python:3\.\d+-slim$", text, re.MULTILINE)
    users = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert users
    assert users[-1] not in ("root", "0")
    assert exec_form("ENTRYPOINT") == ["journeybot"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = [
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    ]
    copied = re.findall(r"^COPY (\w+) \1$", text, re.MULTILINE)
    assert sorted(copied) == sorted(packages)
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert all(f"!{p}/" in ignore for p in packages)


@pytest.mark.parametrize("command", journeybot_commands(), ids=" ".join)
def test_the_deployment_runs_real_journeybot_commands(command: list[str]) -> None:
    done = subprocess.run(
        [str(JOURNEYBOT), *command, "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_units_start_the_workers_after_the_setup() -> None:
    worker = (DEPLOY / "systemd" / "journeybot@.service").read_text()
    assert "Requires=journeybot-setup.service" in worker
    assert "journeybot-setup.service" in re.search(r"^After=.*$", worker, re.MULTILINE)[0]
    assert "--listen 127.0.0.1 --port %i" in worker
    proxy = (DEPLOY / "systemd" / "journeybot-proxy.service").read_text()
    assert "-f /etc/journeybot/haproxy.cfg" in proxy
    for variable in re.findall(r"\$\{(\w+)\}", HAPROXY_CONFIG.read_text()):
        assert f"#   {variable}=" in proxy  # the env file's lines, shown in the unit


def test_haproxy_accepts_the_configuration_with_compose_s_environment(tmp_path: Path) -> None:
    binary = haproxy_binary()
    if binary is None:
        missing_tool("Debian's haproxy is not installed (scripts/test installs it when root)")
    environment = {k: str(v) for k, v in compose()["services"]["proxy"]["environment"].items()}
    environment["JOURNEYBOT_PROXY_CERT"] = ""  # the certificate is the operator's file
    done = subprocess.run(
        [binary, "-c", "-f", str(HAPROXY_CONFIG)],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Configuration file is valid" in done.stdout


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    units = []
    for unit in UNITS:
        # where the README installs journeybot, this venv's; an instance of the template
        text = unit.read_text().replace("/opt/journeybot/.venv/bin/journeybot", str(JOURNEYBOT))
        if "haproxy" in text and haproxy_binary() is None:
            continue
        name = unit.name.replace("@.service", "@8081.service")
        (tmp_path / name).write_text(text)
        units.append(str(tmp_path / name))
    done = subprocess.run(
        [analyze, "verify", *units], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr
