"""Study pairs and mock interviews (SPEC §12): a weekly round matches the members who joined.

``matching`` and ``rules`` are pure (no I/O, no platform, no database); ``intro`` words the
messages; ``service`` (commands) and ``rounds`` (the scheduled round) are use cases over a unit
of work, reached by every front door through the command catalog and the scheduler.
"""
