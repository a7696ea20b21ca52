"""The ``fake_api`` fixture: a started FakeBotApi that fails the test on refused requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from testkit.fakebotapi import FakeBotApi


@pytest.fixture
async def fake_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotApi]:
    """A running fake Bot API on 127.0.0.1 (random port).

    PTB 22 warns (PTBDeprecationWarning) whenever a time period such as
    ``RetryAfter.retry_after`` is read as int; opting in to the future ``timedelta``
    behaviour is the proper fix, and with warnings as errors it is required.
    """
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeBotApi() as api:
        yield api
        api.assert_no_unexpected_errors()
