"""Import and export of sheets: ``supplydesk import`` and ``supplydesk export`` (the command line)."""
