"""One turn of a conversation: its context, side dialogs, texts and outgoing values."""

__all__: list[str] = []
