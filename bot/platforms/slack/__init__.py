"""Slack front door: a bolt AsyncApp over Socket Mode or HTTP."""
