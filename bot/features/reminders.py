"""Reminders for respondents who started an interview and went quiet.

At most two per contribution, never at night in the respondent's time zone (quiet hours are
21:00–08:00 local time), never after /stop. The Telegram transport runs `due_reminders` from
its JobQueue and sends the notices.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation.outgoing import Notice
from bot.features.owner_view import MAX_REMINDERS, RESPONDENT_ROLES, reminder_text
from bot.zones import is_quiet_hour
from storage.contributions import contributions_to_remind, mark_reminded
from storage.models import Map, User

__all__ = ["due_reminders"]


async def due_reminders(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    after: timedelta,
    default_timezone: str,
) -> list[Notice]:
    """Mark and return the reminders due at ``now`` (one transaction). Every worker runs
    this on its own schedule: the due rows are claimed (`contributions_to_remind`), so each
    reminder is marked, and returned, by one worker only."""
    notices: list[Notice] = []
    async with sessions() as session, session.begin():
        candidates = await contributions_to_remind(
            session, idle_since=now - after, max_reminders=MAX_REMINDERS
        )
        for contribution in candidates:
            if contribution.role not in RESPONDENT_ROLES:
                continue
            user = await session.get(User, contribution.user_id)
            journey_map = await session.get(Map, contribution.map_id)
            if user is None or journey_map is None or user.channel != "telegram":
                continue
            if is_quiet_hour(now, user.timezone or default_timezone):
                continue  # tried again at the next check, in the morning
            await mark_reminded(session, contribution, now=now)
            notices.append(
                Notice(
                    user.channel, user.external_id, reminder_text(user, journey_map, contribution)
                )
            )
    return notices
