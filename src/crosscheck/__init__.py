"""crosscheck: cross-check what news sources say about the same event."""

__version__ = "0.1.0"
