"""The project's test kit, shared by tests/ and bench/.

- `testkit.fakebotapi`: a local fake of the Telegram Bot API (see its README.md).
- `testkit.interview`: the scripted owner interview (`OWNER_INTERVIEW`) and its steps.
- `testkit.playback`: how a scripted step becomes an input (`inbound_for`, `send_action`).

Helpers only the tests use stay in `tests/support`.
"""

__all__: list[str] = []
