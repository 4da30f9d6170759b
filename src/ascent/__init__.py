"""Ascent: social selling as a strategy, executed every day and measured by outcomes."""

__version__ = "0.1.0"
