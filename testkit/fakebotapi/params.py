"""Request parameters from a query string, a form, a multipart body or JSON, read uniformly.

Form and multipart bodies carry every value as a string (PTB JSON-encodes non-strings, so
``reply_markup`` arrives as a JSON string and ``disable_notification`` as ``"true"``); a JSON
body carries native values. The accessors accept both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import ApiFailureError, bad_request, missing_parameter

__all__ = ["FilePart", "Params", "read_params"]


@dataclass(frozen=True, slots=True)
class FilePart:
    """An uploaded multipart file."""

    filename: str | None
    content_type: str | None
    data: bytes


async def read_params(request: web.Request) -> dict[str, Any]:
    """Collect all parameters of a Bot API request, whatever the encoding."""
    values: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return values
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("Bad Request: can't parse JSON encoded request") from exc
        if not isinstance(body, dict):
            raise bad_request("Bad Request: JSON object expected")
        values.update(body)
    elif content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                data = await part.read(decode=False)
                values[part.name] = FilePart(
                    part.filename, part.headers.get("Content-Type"), bytes(data)
                )
            else:
                values[part.name] = await part.text()
    else:
        form = await request.post()
        for key, value in form.items():
            values[key] = value if isinstance(value, str) else str(value)
    return values


class Params:
    """Typed access to one request's parameters; raises Telegram-style 400s on bad input."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def get_str(self, name: str, *, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None:
            if required:
                raise bad_request(missing_parameter(name))
            return None
        if isinstance(value, FilePart):
            raise bad_request(f"Bad Request: field {name!r} must be a string")
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(missing_parameter(name))
            return None
        if isinstance(value, bool):
            raise bad_request(f"Bad Request: field {name!r} must be an integer")
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError as exc:
            raise bad_request(f"Bad Request: field {name!r} must be an integer") from exc

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        return str(value).lower() in ("true", "1")

    def get_json(self, name: str, error: str) -> Any:
        """Decode a JSON-valued field (string in forms, native in JSON bodies)."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(error) from exc
        if isinstance(value, FilePart):
            raise bad_request(error)
        return value

    def get_file(self, name: str) -> FilePart | str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, FilePart | str):
            return value
        raise bad_request(f"Bad Request: field {name!r} must be a file or a file id")

    def chat_id(self) -> int:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("Bad Request: chat_id is empty")
        try:
            return int(str(value))
        except ValueError as exc:
            raise ApiFailureError(400, "Bad Request: chat not found") from exc

    def loggable(self) -> dict[str, Any]:
        """The parameters with file bytes replaced by a short description."""
        return {
            key: (f"<file {value.filename} {len(value.data)} bytes>")
            if isinstance(value, FilePart)
            else value
            for key, value in self.values.items()
        }
