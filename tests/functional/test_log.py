"""The maintainer's log: an unexpected failure leaves its traceback in the log file, the notice says
where that file is, and connection losses and reconnections are written down."""

from __future__ import annotations

import stat

from tui.app import Polled
from tui.logs import setup_logging

from .conftest import notifications, settle

SIZE = (80, 24)


async def test_an_unexpected_worker_error_is_logged_with_its_traceback_and_the_notice_names_the_log(app) -> None:
    path = setup_logging()
    assert path is not None
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)

        def broken_reader() -> None:
            raise RuntimeError("the reader broke")

        app.run_worker(broken_reader, thread=True, exit_on_error=False)
        await settle(pilot)
        assert app.is_running
        [notice] = notifications(app)
        assert notice.message == f"the reader broke\nDetails in the log: {path}"
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "in broken_reader" in text
    assert "RuntimeError: the reader broke" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_lost_database_is_logged_once_with_its_traceback_then_the_reconnection(app) -> None:
    path = setup_logging()
    assert path is not None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        try:
            raise ConnectionError("server closed the connection")
        except ConnectionError as error:
            lost = error
        for _ in range(3):
            app.post_message(Polled(None, lost))
            await settle(pilot)
        app.post_message(Polled(app.data_marker, None))
        await settle(pilot)
    text = path.read_text(encoding="utf-8")
    assert text.count("lost the database: server closed the connection") == 1
    assert "ConnectionError: server closed the connection" in text
    assert text.index("lost the database") < text.index("reconnected to the database")
