"""The console: the whole bot with no token (``mlpath shell`` and ``mlpath demo``)."""
