"""An error outside any worker (a message handler, a callback) ends the app, as Textual does; its
traceback is in the maintainer's log, which is all that is left of it once the terminal is cleared."""

from __future__ import annotations

import pytest

from tui.logs import setup_logging

from .conftest import settle

SIZE = (80, 24)


async def test_an_error_in_a_handler_is_logged_with_its_traceback(app) -> None:
    path = setup_logging()
    assert path is not None

    def broken_handler() -> None:
        raise LookupError("the handler broke")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.call_later(broken_handler)  # runs as the app's next message, in no worker
            await pilot.pause()

    with pytest.raises(LookupError):  # the app ended on it, and the test runner gets it back
        await run()
    assert app.return_code == 1
    text = path.read_text(encoding="utf-8")
    assert "unexpected error, the app stops: the handler broke" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_handler" in text
    assert "LookupError: the handler broke" in text
