"""The chat layer and the engine agree on who handles which command."""

from bot.chat.routing import COMMANDS
from flows.engine.core import CALLER_COMMANDS, ENGINE_COMMANDS


def test_the_engine_knows_every_chat_layer_command_it_does_not_handle_itself() -> None:
    # Inside a dialog the engine answers these with "not available here", not "unknown".
    assert set(COMMANDS) - ENGINE_COMMANDS == CALLER_COMMANDS
