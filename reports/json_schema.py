"""The published JSON Schema of the JSON export.

Regenerate after changing reports/model.py:  .venv/bin/python -m reports.json_schema
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from reports.model import JourneyReport

__all__ = ["REGENERATE", "SCHEMA_PATH", "main", "schema_text"]

SCHEMA_PATH = Path(__file__).parent / "schema" / "journey_report.schema.json"
REGENERATE = ".venv/bin/python -m reports.json_schema"


class AlwaysWritten(GenerateJsonSchema):
    """The export writes every field, defaults and nulls included, so the schema requires each
    one: a consumer can rely on a key being there (its value may still be null)."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        return True


def schema_text() -> str:
    """The export's JSON Schema as stable text (sorted keys), comparable to the committed file."""
    schema = JourneyReport.model_json_schema(mode="serialization", schema_generator=AlwaysWritten)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"Generated from reports.model.JourneyReport; regenerate: {REGENERATE}"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    """Rewrite the committed schema file; run it after changing reports/model.py."""
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
