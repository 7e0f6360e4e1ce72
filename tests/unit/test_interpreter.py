"""When a session runs its command again without docstrings (``tui.interpreter``), and when not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tui.interpreter import KEEP_VARIABLE, PACKAGES, compiled_or_writable, restart_argv

SCRIPT = ["/usr/bin/python3", "/opt/desk/bin/supplydesk", "--lang", "zh"]


def _argv(**given):  # type: ignore[no-untyped-def]
    kwargs = {"optimize": 0, "orig_argv": SCRIPT, "executable": "/usr/bin/python3", "environ": {},
              "ready": lambda package: True} | given
    return restart_argv(**kwargs)


def test_the_same_command_runs_again_with_only_oo_added() -> None:
    assert _argv() == ["/usr/bin/python3", "-OO", "/opt/desk/bin/supplydesk", "--lang", "zh"]
    module = ["python", "-X", "importtime", "-m", "tui.cli", "--screen", "stock"]  # options kept, in order
    assert _argv(orig_argv=module) == ["/usr/bin/python3", "-OO", "-X", "importtime", "-m", "tui.cli", "--screen",
                                       "stock"]


@pytest.mark.parametrize("given", [
    {"optimize": 2},  # already without docstrings: never a second time
    {"optimize": 3},
    {"environ": {KEEP_VARIABLE: "keep"}},
    {"environ": {KEEP_VARIABLE: " KEEP "}},
    {"executable": ""},  # the interpreter is not known
    {"orig_argv": ["python"]},
    {"ready": lambda package: package != "sqlalchemy"},  # one package's compiled files missing, unwritable
])
def test_it_runs_as_it_is(given) -> None:  # type: ignore[no-untyped-def]
    assert _argv(**given) is None


def test_another_value_does_not_keep_them() -> None:
    assert _argv(environ={KEEP_VARIABLE: "no"}) is not None


def test_every_package_is_asked() -> None:
    asked: list[str] = []
    _argv(ready=lambda package: asked.append(package) or True)
    assert asked == list(PACKAGES)


def _package(root: Path) -> Path:
    (root / "sdpkg").mkdir()
    source = root / "sdpkg" / "__init__.py"
    source.write_text('"""A package."""\n')
    return source


def test_compiled_files_count_whether_or_not_one_may_write(tmp_path, monkeypatch) -> None:
    source = _package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert compiled_or_writable("sdpkg", may_write=True)  # the first start writes them
    assert not compiled_or_writable("sdpkg", may_write=False)  # it would compile at every start
    cache = Path(importlib.util.cache_from_source(str(source), optimization=2))
    cache.parent.mkdir()
    cache.write_bytes(b"")
    assert compiled_or_writable("sdpkg", may_write=False)


def test_an_unknown_or_compiled_only_package_is_not_ready(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not compiled_or_writable("no_such_package_here", may_write=True)
    assert not compiled_or_writable("_sqlite3" if "_sqlite3" in sys.builtin_module_names else "math",
                                    may_write=True)
