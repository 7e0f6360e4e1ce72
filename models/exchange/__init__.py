"""Exchange with the spreadsheets the offices around the group already keep: reading a messy sheet
(``sheet``), recognising its columns (``columns``), importing its rows through the same validation
and services as the forms (``importing``), and the lists as tables to write out (``exporting``).

Nothing here knows a terminal or a screen: the command line and the palette show the reports.
"""
