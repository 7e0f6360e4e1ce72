"""A session runs without docstrings (``python -OO``, ``tui.interpreter``): a real ``supplydesk`` restarts
itself so, and the app works there: every module imports, and the tests of the screens' keys, of help and
of an export pass under ``-OO``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .pty_session import ROOT, checkout_path, start, wait_painted

#: tests that walk every screen and its keys, help in both languages, and a workbook export
WALKS = ["test_keys_everywhere.py", "test_help_lines.py", "test_export_this_list.py"]


@pytest.fixture(scope="module")
def pycache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the processes below write their compiled files: not into the installation."""
    return tmp_path_factory.mktemp("pycache")


def _env(pycache: Path, **extra: str) -> dict[str, str]:
    """This environment, as a user's: compiled files may be written (here under ``pycache``), nothing
    asks for docstrings or an optimisation level."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONOPTIMIZE", "PYTHONPYCACHEPREFIX", "SUPPLYDESK_DOCSTRINGS")}
    env.update(PYTHONPATH=checkout_path(), PYTHONPYCACHEPREFIX=str(pycache), **extra)
    return env


def _session_flags(desk_url: str, pycache: Path, **extra: str) -> list[str]:
    """The interpreter options of a real session once its list is painted, started as ``python -m tui.cli``."""
    process, master = start(desk_url, _env(pycache, TERM="xterm-256color", SUPPLYDESK_LANG="en", **extra))
    try:
        wait_painted(master)
        argv = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
        os.write(master, b"q")
        assert process.wait(timeout=60) == 0
        return [part.decode() for part in argv if part.startswith(b"-") and not part.startswith(b"--")]
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads a process's command line in /proc")
def test_a_session_restarts_itself_without_docstrings_unless_told_to_keep_them(desk_url: str,
                                                                               pycache: Path) -> None:
    assert _session_flags(desk_url, pycache) == ["-OO", "-m"]  # the same process, its command run again
    assert _session_flags(desk_url, pycache, SUPPLYDESK_DOCSTRINGS="keep") == ["-m"]


def test_every_module_imports_without_docstrings(pycache: Path) -> None:
    script = ("import importlib, pkgutil, sys\n"
              "if sys.flags.optimize != 2:\n"  # not an assert: -OO would remove it
              "    sys.exit('not without docstrings')\n"
              "for package in ('models', 'tui'):\n"
              "    root = importlib.import_module(package)\n"
              "    for module in pkgutil.walk_packages(root.__path__, package + '.'):\n"
              "        importlib.import_module(module.name)\n"
              "print('imported')\n")
    done = subprocess.run([sys.executable, "-OO", "-c", script], check=False, cwd=ROOT, env=_env(pycache),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.strip() == "imported", done.stderr[-3000:]


def test_the_screens_walks_pass_without_docstrings(pycache: Path) -> None:
    here = Path(__file__).resolve().parent
    done = subprocess.run([sys.executable, "-OO", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *(str(here / name) for name in WALKS)],
                          check=False, cwd=ROOT, env=_env(pycache), capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
