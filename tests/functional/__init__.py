"""The screens' tests. Their helper modules' ``assert`` statements are rewritten as the tests' own are,
so that they still check under ``python -OO`` (``test_without_docstrings.py`` runs tests so)."""

import pytest

pytest.register_assert_rewrite(*(f"{__name__}.{helper}" for helper in (
    "allocation_world", "dashboard_world", "directory", "driver", "hostile_input", "pty_session")))
