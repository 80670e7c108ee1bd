"""Discord front door: a commands.Bot whose slash commands are built from the shared specs."""
