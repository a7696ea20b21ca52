"""The pure interview engine: ``start``, ``advance`` and ``resume``.

No database, network or clock: a transport loads the stored `FlowState`, calls one of these
with one `Inbound`, stores ``step.state`` and ``step.answers`` in one transaction and sends
``step.messages``. See `flows.engine.core` for the semantics.
"""

from flows.engine.core import advance, resume, start

__all__ = ["advance", "resume", "start"]
