"""What the bot does for people: interview, invites, privacy, owner view, reports."""

__all__: list[str] = []
