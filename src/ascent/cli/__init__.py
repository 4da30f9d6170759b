"""The ``ascent`` command: thin adapters that parse options, call one service, render."""
