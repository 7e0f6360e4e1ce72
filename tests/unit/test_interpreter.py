"""When a session runs its command again without docstrings (``tui.interpreter``), and when not."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from tui import interpreter
from tui.interpreter import KEEP_VARIABLE, PACKAGES, compiled_or_writable, restart_argv, runs_this_program

SCRIPT = ["/usr/bin/python3", "/opt/desk/bin/supplydesk", "--lang", "zh"]
SCRIPT_ARGV = ["/opt/desk/bin/supplydesk", "--lang", "zh"]


def _argv(**given):  # type: ignore[no-untyped-def]
    kwargs = {"optimize": 0, "orig_argv": SCRIPT, "argv": SCRIPT_ARGV, "executable": "/usr/bin/python3",
              "environ": {}, "ready": lambda package: True} | given
    return restart_argv(**kwargs)


def test_the_same_command_runs_again_with_only_oo_added() -> None:
    assert _argv() == ["/usr/bin/python3", "-OO", "/opt/desk/bin/supplydesk", "--lang", "zh"]
    module = ["python", "-X", "importtime", "-m", "tui.cli", "--screen", "stock"]  # options kept, in order
    assert _argv(orig_argv=module, argv=["/src/tui/cli.py", "--screen", "stock"]) == [
        "/usr/bin/python3", "-OO", "-X", "importtime", "-m", "tui.cli", "--screen", "stock"]


@pytest.mark.parametrize(("orig_argv", "argv", "runs"), [
    (SCRIPT, SCRIPT_ARGV, True),
    (["python", "/opt/desk/bin/supplydesk"], ["/opt/desk/bin/supplydesk"], True),  # no arguments
    (["python", "-m", "tui.cli"], ["/src/tui/cli.py"], True),
    (["python", "-c", "from tui.cli import run; run()"], ["-c"], False),  # code on the command line
    (["python", "-"], ["-"], False),  # read from standard input, read already
    (["python", "wrapper.py", "--lang", "zh"], ["wrapper.py"], False),  # another program calling it
    (["python", "-m", "pdb", "-m", "tui.cli"], ["/src/tui/cli.py"], True),  # (a debugger is its tracer)
    (["python", "tui.cli", "--lang"], ["/src/tui/cli.py", "--lang"], False),  # not after -m
    (["python"], ["/opt/desk/bin/supplydesk"], False),
])
def test_it_runs_again_only_the_programs_own_command_line(orig_argv, argv, runs) -> None:  # type: ignore[no-untyped-def]
    assert runs_this_program(orig_argv, argv) is runs
    assert (_argv(orig_argv=orig_argv, argv=argv) is not None) is runs


@pytest.mark.parametrize("given", [
    {"optimize": 2},  # already without docstrings: never a second time
    {"optimize": 3},
    {"environ": {KEEP_VARIABLE: "keep"}},
    {"environ": {KEEP_VARIABLE: " KEEP "}},
    {"executable": ""},  # the interpreter is not known
    {"ready": lambda package: package != "sqlalchemy"},  # one package's compiled files missing, unwritable
    {"ready": lambda package: package != "asyncio"},  # the standard library's
])
def test_it_runs_as_it_is(given) -> None:  # type: ignore[no-untyped-def]
    assert _argv(**given) is None


def test_another_value_does_not_keep_them() -> None:
    assert _argv(environ={KEEP_VARIABLE: "no"}) is not None


def test_every_package_is_asked() -> None:
    asked: list[str] = []
    _argv(ready=lambda package: asked.append(package) or True)
    assert asked == list(PACKAGES)


def _package(root: Path) -> tuple[Path, Path]:
    (root / "sdpkg").mkdir()
    source = root / "sdpkg" / "__init__.py"
    source.write_text('"""A package."""\n')
    return source, Path(importlib.util.cache_from_source(str(source), optimization=2))


def test_compiled_files_count_while_current_whether_or_not_one_may_write(tmp_path, monkeypatch) -> None:
    source, cache = _package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert compiled_or_writable("sdpkg", may_write=True)  # the first start writes them
    assert not compiled_or_writable("sdpkg", may_write=False)  # it would compile at every start
    import py_compile

    py_compile.compile(str(source), cfile=str(cache), optimize=2)
    assert compiled_or_writable("sdpkg", may_write=False)
    source.write_text('"""A package, upgraded."""\nVALUE = 1\n')  # an upgrade leaves the old file behind
    os.utime(source, (source.stat().st_atime, source.stat().st_mtime + 10))
    assert not compiled_or_writable("sdpkg", may_write=False)
    cache.write_bytes(b"\0" * 16)  # not a compiled file of this interpreter
    assert not compiled_or_writable("sdpkg", may_write=False)


def test_a_cache_folder_not_made_yet_is_writable_where_its_parent_is(tmp_path, monkeypatch) -> None:
    _package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix" / "not" / "made"))
    assert compiled_or_writable("sdpkg", may_write=True)


def test_an_unknown_or_compiled_only_package_is_not_ready(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not compiled_or_writable("no_such_package_here", may_write=True)
    assert not compiled_or_writable("math", may_write=True)  # built in, or a shared library


def test_an_interpreter_that_cannot_be_run_again_goes_on(monkeypatch) -> None:
    calls: list[list[str]] = []

    def refused(path: str, argv: list[str]) -> None:
        calls.append(argv)
        raise PermissionError(path)

    monkeypatch.setattr(os, "execv", refused)
    monkeypatch.setattr(sys, "orig_argv", SCRIPT)
    monkeypatch.setattr(sys, "argv", SCRIPT_ARGV)
    monkeypatch.setattr(interpreter, "compiled_or_writable", lambda package, may_write: True)
    monkeypatch.setattr(sys, "gettrace", lambda: None)  # as outside a test run measuring coverage
    monkeypatch.delenv(KEEP_VARIABLE, raising=False)
    interpreter.restart_without_docstrings()  # returned: the session goes on with its docstrings
    assert calls == [[sys.executable, "-OO", *SCRIPT[1:]]]
    monkeypatch.setattr(sys, "gettrace", lambda: lambda *args: None)  # a debugger: not run again
    interpreter.restart_without_docstrings()
    assert len(calls) == 1
