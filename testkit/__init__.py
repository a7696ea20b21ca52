"""The project's test kit, shared by tests/ and bench/.

- `testkit.fakebotapi`: a local fake of the Telegram Bot API (see its README.md).
- `testkit.interview`: the scripted owner interview (`OWNER_INTERVIEW`) and its steps.
- `testkit.playback`: how a scripted step becomes an input (`inbound_for`, `send_action`).
- `testkit.scripted`: a person who answers any flow from a script keyed by question path
  (`ScriptedUser`, `interview`), for the walkthrough tests and the demo.
- `testkit.demo`: the demo map, replayed from the scripted interviews of an owner, three
  colleagues and twelve customers (`build_demo`; ``python -m testkit.demo`` rewrites
  reports/samples/demo.json).

Helpers only the tests use stay in `tests/support`.
"""

__all__: list[str] = []
