"""The scheduler: APScheduler jobs derived from community settings, and outbox delivery."""
