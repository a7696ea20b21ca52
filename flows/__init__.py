"""The interviews without I/O: flow files and their schema, the engine that runs them, the
values passed to and from it, and the projection of answers into a journey map.

Import the modules themselves (``from flows import engine``, ``from flows.values import
Inbound``); this package re-exports nothing.
"""

__all__: list[str] = []
