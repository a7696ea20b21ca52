"""The chat layer: one service per process, routing of inputs, delivery of replies."""

__all__: list[str] = []
