"""The web dashboard: a fourth front door (SPEC §10)."""
