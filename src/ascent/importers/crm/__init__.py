"""CRM exports (FORMATS §5): deals become outcomes, owners are matched to sellers."""
