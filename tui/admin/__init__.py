"""The operator's commands: checking the audit chain, and setting up PostgreSQL's roles."""
