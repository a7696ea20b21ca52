"""Ways to reach the bot: Telegram (with its aiohttp HTTP client) and the terminal."""

__all__: list[str] = []
