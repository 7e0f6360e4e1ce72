"""Esc and the key after it, delivered in one burst by a slow line, are read as the two keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual._xterm_parser import XTermParser

from tui.shell.keys import ESC, BunchedKeysParser, install, pieces


def keys(parser: XTermParser, *chunks: str) -> list[str]:
    events = [event for chunk in chunks for event in parser.feed(chunk)] + list(parser.feed(""))
    return [getattr(event, "key", type(event).__name__) for event in events]


@pytest.mark.parametrize(("burst", "expected"), [
    ("\x1b2", ["escape", "2"]),  # Textual alone: a trade-mark sign
    ("\x1bb", ["escape", "b"]),  # Textual alone: ctrl+left
    ("\x1b/lao", ["escape", "slash", "l", "a", "o"]),  # Textual alone: the slash is lost
    ("\x1bo", ["escape", "o"]),  # Textual alone: alt+o
    ("a\x1b2b", ["a", "escape", "2", "b"]),
    ("\x1b\x1b", ["escape", "escape"]),
])
def test_escape_then_a_key_in_one_burst_is_two_keys(burst: str, expected: list[str]) -> None:
    assert keys(BunchedKeysParser(), burst) == expected


@pytest.mark.parametrize("burst", ["\x1b2", "\x1bb", "\x1b/lao", "\x1bo"])
def test_textual_alone_reads_them_as_one_key_or_none(burst: str) -> None:
    assert keys(XTermParser(), burst) != keys(BunchedKeysParser(), burst)


@pytest.mark.parametrize(("burst", "expected"), [
    ("\x1b[A", ["up"]), ("\x1bOB", ["down"]), ("\x1b[<0;3;4M", ["MouseDown"]), ("\x1b[15~", ["f5"]),
    ("x\x1b[Dy", ["x", "left", "y"]),
])
def test_sequences_a_terminal_sends_are_left_whole(burst: str, expected: list[str]) -> None:
    assert keys(BunchedKeysParser(), burst) == keys(XTermParser(), burst) == expected


def test_an_escape_ending_one_read_and_a_key_starting_the_next_are_two_keys() -> None:
    assert keys(BunchedKeysParser(), "\x1b", "2") == ["escape", "2"]
    assert keys(BunchedKeysParser(), "\x1b", "[A") == ["up"]


@given(st.text(alphabet=st.sampled_from(["\x1b", "[", "O", "a", "2", "/", "~", "b"]), max_size=12))
def test_cutting_loses_and_adds_nothing(data: str) -> None:
    assert "".join(piece for piece, _ in pieces(data)) == data


def test_the_terminal_driver_reads_with_it() -> None:
    from textual.drivers import linux_driver

    install()
    assert linux_driver.XTermParser is BunchedKeysParser
    assert ESC == "\x1b"
