"""Web analytics exports (FORMATS §7): daily ``web_visits`` outcomes by traffic source."""
