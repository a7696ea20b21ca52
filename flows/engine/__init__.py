"""The pure interview engine: ``start``, ``advance`` and ``resume``.

No database, network or clock. A transport loads the stored `FlowState`, calls one of these,
stores ``step.state`` and appends ``step.answers`` in one transaction, then sends
``step.messages`` in order and acts on ``step.signals``. None of them raises on user input.

- ``start(flow, lang=, now=, context=)``: title + intro, the first step's intro, the first
  question. ``context`` (kept in the state) may carry ``stages``, ``personas`` and
  ``scenarios`` as ``[{"key": ..., "name": ...}]``: choice lists the caller knows (the map's
  stages for a guest interview, the map's personas for an invite dialog).
- ``advance(flow, state, inbound, now)``: one input. Commands the engine handles: ``back``,
  ``skip``, ``status``, ``help``, ``cancel``, ``language [nl|en]``; transport commands
  (``start``, ``new``, ``maps``, ``report``, ``invite``...) belong to the caller.
- ``resume(flow, state)``: re-show where the user is; buttons shown before become stale. A
  cancelled interview continues where it stopped; a finished one with a menu reopens the menu.

``state.flow_version`` is the version of the flow an interview began on: give ``advance`` and
``resume`` the flow in that version (`flows.schema.builtin_flow(id, version)`). Given another
version, the engine finds its place in it and the state records that version from then on.

Buttons carry ``<prompt id>:<rev>:<value>`` (≤ 64 bytes): 8 hex characters naming the prompt,
the state revision it was shown at, and the option. A press that does not match the current
prompt and revision gets a kind "that button is from an earlier question" and the current
prompt. A message with ``replace=True`` (multi-choice toggles) re-renders the question whose
button was pressed: edit that message instead of sending a new one.

Signals: ``first_pass_done`` (once, when all steps are answered and a flow with a menu shows
it), ``finished`` (the user chose Finish, or a flow without menu ended), ``cancelled``,
``report`` (the menu's report button: build and send the report; the menu is already
re-shown), ``language_changed`` (``state.lang`` holds the new language), ``error`` (a bug in
the engine: the user got an apology and where they were; ``step.error`` holds the exception,
for the caller to log with its traceback).
"""

from flows.engine.core import advance, resume, start, start_in_menu

__all__ = ["advance", "resume", "start", "start_in_menu"]
