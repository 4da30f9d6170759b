"""Web analytics exports (FORMATS §7): daily ``web_visits`` outcomes by traffic source.

One importer per tool, each a pure parser over ``visits`` (the outcomes they all build:
visits added up per day and source, stable source keys):

- ``ga4`` (+ ``ga4_report`` reads the ``#`` preamble and tables, ``ga4_layout`` their columns);
- ``plausible`` (``plausible_imported``: the "Export data" ZIP; ``plausible_dashboard``: the
  dashboard "Download CSV" ZIP);
- ``matomo`` (+ ``matomo_reports``: which ``Referrers.*`` report a file is, and how its labels
  read).
"""
