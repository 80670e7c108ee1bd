"""Discord cogs, one per feature; each serves shared command specs (see bot.platforms.discord)."""
