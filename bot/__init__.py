"""mlpath: a study-group bot for people learning to become machine-learning engineers."""

__version__ = "0.1.0"
