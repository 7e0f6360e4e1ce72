"""Supply Desk's domain and storage: tables, services, database set-up and migrations.

Importing this package has no side effects: no engine, directory or file is created.
"""

__all__: list[str] = []
