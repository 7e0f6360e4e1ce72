"""SteadyStatic: an update with what the line already shows does nothing (no layout, no repaint);
any other text, or the same characters in another style, shows."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.steady import SteadyStatic


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadyStatic("", id="line")


async def test_only_a_different_content_refreshes() -> None:
    app = _One()
    async with app.run_test(size=(40, 5)) as pilot:
        line = app.query_one(SteadyStatic)
        refreshed: list[bool] = []
        original = line.refresh

        def counting(*regions, **kwargs):  # type: ignore[no-untyped-def]
            refreshed.append(kwargs.get("layout", False))
            return original(*regions, **kwargs)

        line.refresh = counting  # type: ignore[method-assign]
        line.update("口罩 12")
        line.update("口罩 12")
        assert len(refreshed) == 1
        line.update(Text("口罩 12", style="red"))
        line.update(Text("口罩 12", style="red"))
        assert len(refreshed) == 2
        line.update(Text("口罩 12", style="yellow"))
        line.update(Text.assemble("口罩 ", ("12", "bold")))
        line.update(Text.assemble("口罩 ", ("12", "bold")))
        assert len(refreshed) == 4
        await pilot.pause()
        assert "口罩 12" in str(line.render())
