"""Items to send as outbox rows (JSON) and back.

A message keeps its buttons, a report request its map snapshot (rendered when it is sent,
outside the transaction), files their bytes (base64). ``t`` names the kind; the keys are
stored, so never rename one.
"""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any, cast, get_args

from bot.conversation.outgoing import FileBatch, Item, OutFile, ReportRequest
from flows.domain import JourneyMapData, Role
from flows.values import Answering, Button, ButtonRole, OutMessage

__all__ = ["decode", "encode"]


def encode(item: Item) -> dict[str, Any]:
    """An item as a JSON-ready outbox payload."""
    if isinstance(item, OutMessage):
        return {
            "t": "message",
            "text": item.text,
            "kind": item.kind,
            "replace": item.replace,
            "buttons": [[[b.label, b.data, b.key, b.role] for b in row] for row in item.buttons],
            "answering": asdict(item.answering) if item.answering is not None else None,
        }
    if isinstance(item, ReportRequest):
        return {
            "t": "report",
            "data": item.data.model_dump(mode="json"),
            "personas": list(item.personas) if item.personas is not None else None,
            "roles": list(item.roles) if item.roles is not None else None,
        }
    return {
        "t": "files",
        "files": [
            {
                "filename": f.filename,
                "data": base64.b64encode(f.data).decode("ascii"),
                "kind": f.kind,
                "caption": f.caption,
            }
            for f in item.files
        ],
    }


def _button(stored: list[str]) -> Button:
    """A stored button: label, data, key and (since the transports word their controls) role."""
    label, data, key, *rest = stored
    role = rest[0] if rest and rest[0] in get_args(ButtonRole) else "option"
    return Button(label, data, key, cast(ButtonRole, role))


def decode(payload: dict[str, Any]) -> Item:
    """The item an outbox payload stores."""
    kind = payload["t"]
    if kind == "message":
        answering = payload.get("answering")
        return OutMessage(
            text=payload["text"],
            kind=payload["kind"],
            replace=payload["replace"],
            buttons=tuple(tuple(_button(b) for b in row) for row in payload["buttons"]),
            answering=Answering(**answering) if answering else None,
        )
    if kind == "report":
        personas, roles = payload["personas"], payload["roles"]
        return ReportRequest(
            JourneyMapData.model_validate(payload["data"]),
            personas=tuple(personas) if personas is not None else None,
            roles=tuple(_role(r) for r in roles) if roles is not None else None,
        )
    if kind == "files":
        return FileBatch(
            tuple(
                OutFile(
                    filename=f["filename"],
                    data=base64.b64decode(f["data"]),
                    kind=f["kind"],
                    caption=f["caption"],
                )
                for f in payload["files"]
            )
        )
    msg = f"unknown outbox item {kind!r}"
    raise ValueError(msg)


def _role(value: str) -> Role:
    if value not in get_args(Role):
        msg = f"unknown role {value!r}"
        raise ValueError(msg)
    return cast(Role, value)
