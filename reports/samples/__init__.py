"""Sample maps shipped with the package (package data)."""

__all__: list[str] = []
