"""``export: this list`` (the palette, on a list screen): the list as it is shown (its filter box, its
quick filters, its sort; a time sheet's dates and grouping), to a
workbook in ``exports/`` of the user data directory, named as the briefs are
(``enterprises-YYYYMMDD-HHMM-<language>.xlsx``, ``-2``, ``-3``… when the name is taken). A file
there is never overwritten: the name is claimed before the workbook is written into it.

The rows are those of ``supplydesk export KIND --filter TEXT --sort COLUMN`` (the same
``models.exchange`` exporters, given the very request the screen's list service gets); a notice says
how many and where.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models import clock, paths
from models.exchange.exporting import EXPORTS, Table
from models.services.paging import PageRequest
from tui.i18n import current_language, t, tn

if TYPE_CHECKING:
    from tui.shell.base import BaseScreen


def claim_name(directory: Path, kind: str, at: datetime) -> Path:
    """A new, empty file ``<kind>-YYYYMMDD-HHMM-<language>[-N].xlsx`` in ``directory`` (made 0700),
    created here and now (``O_EXCL``): another session exporting the same minute takes the next."""
    directory = paths.private_folder(directory)
    base = f"{kind}-{at:%Y%m%d-%H%M}-{current_language()}"
    n = 1
    while True:
        path = directory / (f"{base}.xlsx" if n == 1 else f"{base}-{n}.xlsx")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            n += 1
            continue
        return path


def write_list(table: Table, directory: Path, at: datetime) -> Path:
    """``table`` as a workbook in a new file of ``directory``; its path."""
    from tui.exchange.files import write_table

    path = claim_name(directory, table.kind, at)
    write_table(table, path, "xlsx")
    return path


async def export_this_list(screen: BaseScreen, kind: str, request: PageRequest) -> Path:
    """(In a worker of ``screen``) read the list as ``request`` asks for it, write it, and say where."""
    table = await screen.read(lambda session: EXPORTS[kind](session, request=request))
    path = await asyncio.to_thread(write_list, table, paths.export_dir(), clock.now())  # a workbook: off the UI
    screen.notify(tn("{n} row written to {path}", "{n} rows written to {path}", len(table.rows), path=str(path)),
                  title=t("Exported"), markup=False, timeout=10)
    return path


__all__ = ["claim_name", "export_this_list", "write_list"]
