"""Renderers: one small typed function per output format."""

__all__: list[str] = []
