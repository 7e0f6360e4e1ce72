"""Reference data (``0``): people, districts and parks, and the tabs other modules add to ``TABS``."""
