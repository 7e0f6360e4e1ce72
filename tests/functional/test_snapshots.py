"""Snapshots of the enterprise list at 80x24, in English and in Chinese (wide characters).

Update with ``pytest tests/functional/test_snapshots.py --snapshot-update`` and look at the SVGs in
``__snapshots__/test_snapshots/`` before committing them.
"""

from __future__ import annotations

import pytest

from .conftest import settle

SIZE = (80, 24)


async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
    """Rows loaded and counted, and the columns fitted to the width left by the scrollbar.

    The resize round trip makes the picture independent of worker timing: the table fits its
    columns only on Resize, and whether the first Resize comes before or after the rows (and so
    the scrollbar) is a race (see test_shell.py::test_the_columns_fit_the_same_whether_rows_come_early_or_late).
    """
    await settle(pilot)
    await pilot.resize_terminal(SIZE[0] + 1, SIZE[1])
    await pilot.resize_terminal(*SIZE)
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_enterprise_list(snap_compare, make_desk_app, lang: str) -> None:
    assert snap_compare(make_desk_app(lang=lang), terminal_size=SIZE, run_before=ready)
