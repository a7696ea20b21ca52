"""Renderers: one small typed function per output format."""
