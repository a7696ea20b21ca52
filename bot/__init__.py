"""journeybot's chat side: transports, chat layer, features, conversation, CLI."""

__all__: list[str] = []
