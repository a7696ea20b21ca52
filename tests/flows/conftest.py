"""Checks that run under every engine test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.engine.draft import Draft
from flows.engine.walk import Item, walk


@pytest.fixture(scope="package", autouse=True)
def _cached_walks_match_fresh_ones() -> Iterator[None]:
    """The engine reuses a walk after answers no condition reads (`Draft._changed`): every
    walk it hands out must equal a fresh walk of the current answers. Package-scoped so the
    hypothesis tests run under it too."""
    original = Draft.walk

    def checked(self: Draft, *, asking_more: bool = True, first_pass: bool = True) -> list[Item]:
        items = original(self, asking_more=asking_more, first_pass=first_pass)
        fresh = walk(
            self.flow,
            self.state.values,
            self.memo,
            context=self.state.context,
            asking_more=asking_more,
            first_pass=first_pass,
        )
        assert items == fresh, "a cached walk differs from a fresh one"
        return items

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Draft, "walk", checked)
        yield
