"""``python -m bot`` is the same as the ``mlpath`` command."""

from bot.cli import main

main()
