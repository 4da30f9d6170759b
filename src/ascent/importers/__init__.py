"""One pure module per export format, found through the ``ascent.importers`` entry points."""
