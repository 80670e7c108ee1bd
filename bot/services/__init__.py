"""Use cases: each takes a unit of work and a clock and returns neutral replies."""
