"""Validated content: roadmap, quiz bank and career ladder loaded from YAML."""
