"""Flow definitions as data: validated pydantic models loaded from YAML files.

A flow is a list of numbered *steps* (the five steps of the method, shown as progress); each
step holds *nodes*: questions, and groups that repeat their children ("add another event?",
once per stage, ...). Keys are persisted in answers, so they are explicit slugs, never indexes.

Answer keys are dotted paths built from node keys and repeat indexes, e.g.
``personas.0.name`` or ``scenarios.0.events.2.touchpoints.0.score``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from flows.i18n import I18n

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
Key = Annotated[str, Field(pattern=KEY_PATTERN)]
OptionValue = Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,24}$")]

QuestionKind = Literal["text", "single", "multi", "scale", "yesno", "list"]
# Options that come from data rather than the flow file: the map's stages, the channel
# vocabulary, the personas or scenarios answered so far, the scales of flows.vocabulary
# (``levels`` low/medium/high; ``impact`` and ``effort`` word the same 1-3 for their question);
# ``events``: every event of the current (not desired) scenarios, e.g. to pick the moments of
# truth among them. ``customer_stages``: the map's stages in the words of a customer who went
# through them (flows.vocabulary.CUSTOMER_STAGE_TEXTS, or the owner's wording for the map).
OptionSource = Literal[
    "stages",
    "customer_stages",
    "channels",
    "personas",
    "scenarios",
    "events",
    "emotions",
    "levels",
    "impact",
    "effort",
    "roles",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """A fixed answer option: the stored value and its label."""

    value: OptionValue
    label: I18n


class Condition(_Model):
    """Show a node only when an earlier answer matches.

    ``key`` is relative to the enclosing group iteration first, then absolute (so inside
    ``personas.1`` the key ``name`` means ``personas.1.name`` and ``goal.market`` stays as is).
    ``context``: the key names a value the caller passed in the engine context instead (a
    customer interview reads the map's ``market`` there).
    """

    key: str
    context: bool = False
    equals: str | int | bool | None = None
    one_of: list[str | int | bool] | None = None
    answered: bool | None = None
    negate: bool = False

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals is not None, self.one_of is not None, self.answered is not None]
        if sum(tests) != 1:
            raise ValueError("a condition needs exactly one of equals, one_of, answered")
        return self


class Scale(_Model):
    """An integer scale; labels (optional) name each point, low to high."""

    min: int
    max: int
    labels: list[I18n] = []

    @model_validator(mode="after")
    def _range(self) -> Scale:
        if self.min >= self.max:
            raise ValueError("scale min must be below max")
        if self.labels and len(self.labels) != self.max - self.min + 1:
            raise ValueError("a scale needs one label per point or none")
        return self


class Question(_Model):
    """One question: its kind, prompt, limits, options and condition."""

    type: Literal["question"] = "question"
    key: Key
    kind: QuestionKind
    prompt: I18n
    hint: I18n | None = None
    required: bool = True
    min_length: int = Field(default=1, ge=0)
    max_length: int = Field(default=1000, ge=1, le=3500)
    max_items: int = Field(default=20, ge=1, le=50)  # list and multi
    options: list[Option] = []
    options_from: OptionSource | None = None
    allow_other: bool = False  # single/multi: a typed answer outside the options is kept
    # text: several lines are welcome (e.g. insights, one per line); a transport that sends
    # every line on its own (the terminal) collects lines until an empty one
    multiline: bool = False
    scale: Scale | None = None
    default_from: str | None = None  # list: prefill from a named default (e.g. "stages")
    # list: the answer has as many items as the proposal (one per stage, say): reword only
    fixed_items: bool = False
    # A tap question that continues the message of the question before it in its group: when
    # that one was answered with a tap, this one replaces it in place (Telegram edits the
    # message), under what was chosen so far. Several taps, one prompt to read: a card.
    joined: bool = False
    when: Condition | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Question:
        if self.kind in ("single", "multi") and not (self.options or self.options_from):
            raise ValueError(f"{self.key}: a {self.kind} question needs options or options_from")
        if self.kind == "scale" and self.scale is None:
            raise ValueError(f"{self.key}: a scale question needs scale")
        if self.multiline and self.kind != "text":
            raise ValueError(f"{self.key}: only a text question is multiline")
        if self.options and self.options_from:
            raise ValueError(f"{self.key}: options and options_from exclude each other")
        if self.joined and self.kind not in ("single", "multi", "scale", "yesno"):
            raise ValueError(f"{self.key}: only a question answered with a tap can be joined")
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise ValueError(f"{self.key}: option values repeat")
        return self


class Fold(_Model):
    """The labels of a folded "add another?": the two ways to finish the iteration's last
    question (a multi), so the person decides both in one tap."""

    next: I18n  # done, and on to the next iteration
    last: I18n  # done, and that was the last one


class Group(_Model):
    """Children asked once per iteration.

    ``repeat``: ``once`` (a plain section), ``ask_more`` (after each iteration ask
    ``more_prompt``, between ``min`` and ``max`` iterations), ``for_each`` (one iteration per
    item of ``for_each``, e.g. each selected stage).
    """

    type: Literal["group"] = "group"
    key: Key
    repeat: Literal["once", "ask_more", "for_each"] = "once"
    title: I18n | None = None  # shown when an iteration starts, may use {n} and {item}
    more_prompt: I18n | None = None
    min: int = Field(default=1, ge=0)
    max: int = Field(default=20, ge=1, le=100)
    for_each: str | None = None  # an answer key holding a list (e.g. "visited_stages")
    first_pass_max: int | None = None  # iterations offered before the menu takes over
    # ask_more: fold "add another?" into the done button of the iteration's last question when
    # that is a multi ("Next event" / "That was the last one"); a typed answer still gets
    # ``more_prompt``.
    fold: Fold | None = None
    when: Condition | None = None
    children: list[Node]

    @model_validator(mode="after")
    def _repeat_fields(self) -> Group:
        if self.repeat == "ask_more" and self.more_prompt is None:
            raise ValueError(f"{self.key}: ask_more needs more_prompt")
        if self.fold is not None and self.repeat != "ask_more":
            raise ValueError(f"{self.key}: only an ask_more group can fold its more_prompt")
        if self.repeat == "for_each" and not self.for_each:
            raise ValueError(f"{self.key}: for_each needs for_each")
        if self.min > self.max:
            raise ValueError(f"{self.key}: min exceeds max")
        keys = [c.key for c in self.children]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{self.key}: child keys repeat")
        return self


Node = Annotated[Question | Group, Field(discriminator="type")]


class FlowStep(_Model):
    """A numbered part of a flow: a title, an optional intro, its questions and groups."""

    number: int = Field(ge=1)
    title: I18n
    intro: I18n | None = None
    nodes: list[Node]


class Flow(_Model):
    """A whole interview as loaded from a YAML file in flows/definitions/."""

    id: Key
    version: int = Field(ge=1)
    title: I18n
    intro: I18n | None = None
    outro: I18n | None = None
    steps: list[FlowStep]
    # Menu entries offered after the first pass: each names a repeatable group by path
    # (e.g. "personas", "scenarios", "scenarios.events", "ideas").
    menu: list[str] = []

    @model_validator(mode="after")
    def _unique_keys(self) -> Flow:
        keys = [n.key for s in self.steps for n in s.nodes]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise ValueError(f"top-level keys repeat: {sorted(dupes)}")
        numbers = [s.number for s in self.steps]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("steps must be numbered 1..n in order")
        return self

    def formal(self) -> Flow:
        """This flow addressing the person as "u": every Dutch text that has an ``nl_u`` form
        takes it (a map's customers may be addressed formally, `FlowLibrary.flow`)."""
        return Flow.model_validate(_formal_texts(self.model_dump(mode="json")))

    @cached_property
    def structural_names(self) -> frozenset[str]:
        """Node keys that a condition or a for_each list reads: only answers to these can
        change which prompts the flow asks (the engine re-walks the flow after them and
        reuses its walk after any other answer)."""
        return frozenset(
            reference.rsplit(".", 1)[-1] for reference in _references(self._all_nodes())
        )

    def _all_nodes(self) -> Iterator[Question | Group]:
        def under(nodes: Sequence[Question | Group]) -> Iterator[Question | Group]:
            for node in nodes:
                yield node
                if isinstance(node, Group):
                    yield from under(node.children)

        for step in self.steps:
            yield from under(step.nodes)


def _formal_texts(data: Any) -> Any:
    """Dumped flow data with each text's ``nl`` replaced by its ``nl_u`` where it has one."""
    if isinstance(data, dict):
        if "nl" in data and "en" in data and set(data) <= {"nl", "en", "nl_u"}:
            formal = data.get("nl_u")
            return {"nl": formal or data["nl"], "en": data["en"]}
        return {key: _formal_texts(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_formal_texts(item) for item in data]
    return data


def _references(nodes: Iterator[Question | Group]) -> Iterator[str]:
    for node in nodes:
        if node.when is not None and not node.when.context:
            yield node.when.key
        if isinstance(node, Group) and node.for_each:
            yield node.for_each


Group.model_rebuild()


def load_flow(path: Path) -> Flow:
    """Load and validate a flow file; raises ``pydantic.ValidationError`` with precise paths."""
    raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    return Flow.model_validate(raw)


FLOW_DIR = Path(__file__).parent / "definitions"
# libyaml's safe loader when PyYAML was built with it (the wheels are): 5x faster than pure
# Python, and the owner flow is parsed when the first user starts.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

log = logging.getLogger(__name__)


def archive_name(flow_id: str, version: int) -> str:
    """The file name of an archived flow version: ``owner.v1.yaml``."""
    return f"{flow_id}.v{version}.yaml"


class FlowLibrary:
    """The flows of one directory and their earlier versions, each loaded once.

    The newest definition of a flow is ``<id>.yaml``; each earlier version that stored
    interviews may still run on is ``archive/<id>.v<N>.yaml``. An interview finishes on the
    version it began on, so a new version never reshapes an interview under a person's feet.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._flows: dict[tuple[str, int | None], Flow] = {}
        self._formal: dict[tuple[str, int | None], Flow] = {}

    @property
    def archive(self) -> Path:
        """Where the earlier versions live."""
        return self.directory / "archive"

    def ids(self) -> list[str]:
        """The ids of the flows in their newest version, sorted."""
        return sorted(path.stem for path in self.directory.glob("*.yaml"))

    def archived_files(self) -> list[Path]:
        """The files of the earlier versions, sorted."""
        return sorted(self.archive.glob("*.yaml"))

    def files(self) -> list[Path]:
        """Every flow file: the newest versions, then the archived ones."""
        return sorted(self.directory.glob("*.yaml")) + self.archived_files()

    def versions(self, flow_id: str) -> list[int]:
        """The versions of ``flow_id`` that can be looked up: the archived ones and the newest,
        low to high (empty for an unknown id)."""
        if not (self.directory / f"{flow_id}.yaml").is_file():
            return []
        archived = {
            int(number)
            for path in self.archive.glob(f"{flow_id}.v*.yaml")
            if (number := path.name.removeprefix(f"{flow_id}.v").removesuffix(".yaml")).isdigit()
        }
        return sorted(archived | {self.flow(flow_id).version})

    def flow(self, flow_id: str, version: int | None = None, *, formal: bool = False) -> Flow:
        """Flow ``flow_id`` in ``version`` (None: the newest); ``formal``: addressing the person
        as "u" (`Flow.formal`). A version that is neither the newest nor archived (its file
        was removed) falls back to the newest, logged once: an interview carries on rather
        than breaks. An unknown id raises FileNotFoundError."""
        if formal:
            found = self._formal.get((flow_id, version))
            if found is None:
                found = self._formal[(flow_id, version)] = self.flow(flow_id, version).formal()
            return found
        cached = self._flows.get((flow_id, version))
        if cached is not None:
            return cached
        if version is None:
            found = load_flow(self.directory / f"{flow_id}.yaml")
        else:
            newest = self.flow(flow_id)
            path = self.archive / archive_name(flow_id, version)
            if version == newest.version:
                found = newest
            elif path.is_file():
                found = load_flow(path)
            else:
                log.warning(
                    "flow %s v%d is not archived: its interviews continue on v%d",
                    flow_id,
                    version,
                    newest.version,
                )
                found = newest
        self._flows[(flow_id, version)] = found
        return found

    def archive_problem(self, path: Path, flow: Flow) -> str | None:
        """What is wrong with archived file ``path`` holding ``flow``, or None: its name must
        be the one its id and version give, and it must be an earlier version of a flow
        shipped now (else the lookup would never find it)."""
        expected = archive_name(flow.id, flow.version)
        if path.name != expected:
            return f"holds {flow.id} v{flow.version}, so it must be named {expected}"
        if flow.id not in self.ids():
            return f"no current flow {flow.id!r} ({flow.id}.yaml) to be an earlier version of"
        newest = self.flow(flow.id).version
        if flow.version >= newest:
            return f"v{flow.version} is not below the current v{newest}"
        return None


BUILTIN_FLOWS = FlowLibrary(FLOW_DIR)


def builtin_flow(flow_id: str, version: int | None = None, *, formal: bool = False) -> Flow:
    """A shipped flow by id from flows/definitions/, in ``version`` (None: the newest); see
    `FlowLibrary.flow`."""
    return BUILTIN_FLOWS.flow(flow_id, version, formal=formal)
