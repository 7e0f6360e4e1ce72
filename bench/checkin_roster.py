"""What each read of the check-in screen's first show costs: the lists' first pages (both directions
of the default sort) and their counts, the headcount since the first check-in and since Monday.

    python bench/checkin_roster.py --url URL [--repeat 5] [NAME ...]

``--url`` names a filled database at head (it is opened as it is; bring it to head first). Prints
each read's median in ms and what it returned (rows of the page, the count, the total). NAMEs pick
some of the reads.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    from sqlmodel import Session

    from models import clock
    from models.db import make_engine
    from models.services import checkin_roster as roster
    from models.services.paging import PageRequest

    monday = clock.today() - timedelta(days=clock.today().weekday())
    reads: dict[str, Callable[[Session], Any]] = {
        "on_site": lambda s: roster.list_on_site(s, request=PageRequest()),
        "on_site_descending": lambda s: roster.list_on_site(s, request=PageRequest(descending=True)),
        "on_site_count": lambda s: roster.count_on_site(s, request=PageRequest()),
        "absent": lambda s: roster.list_absent(s, request=PageRequest()),
        "absent_descending": lambda s: roster.list_absent(s, request=PageRequest(descending=True)),
        "absent_count": lambda s: roster.count_absent(s, request=PageRequest()),
        "unstaffed": lambda s: roster.list_unstaffed(s, request=PageRequest()),
        "unstaffed_count": lambda s: roster.count_unstaffed(s, request=PageRequest()),
        "stationing": lambda s: roster.list_assignments(s, request=PageRequest()),
        "stationing_descending": lambda s: roster.list_assignments(s, request=PageRequest(descending=True)),
        "stationing_count": lambda s: roster.count_assignments(s, request=PageRequest()),
        "headcount_since_start": lambda s: roster.headcount(s, since=roster.first_checkin_day(s) or clock.today()),
        "headcount_since_monday": lambda s: roster.headcount(s, since=monday),
    }
    engine = make_engine(args.url, create_dirs=False)
    with Session(engine) as session:
        for name, read in reads.items():
            if args.names and name not in args.names:
                continue
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                out = read(session)
                times.append((time.perf_counter() - start) * 1000)
            shown = len(out.rows) if hasattr(out, "rows") else getattr(out, "total", out)
            print(f"{name:24s} {statistics.median(times):9.1f} ms   {shown}", flush=True)


if __name__ == "__main__":
    main()
