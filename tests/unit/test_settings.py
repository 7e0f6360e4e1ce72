"""The settings file: the order of its layers, where each value came from, a broken or unknown key
named by its file and line, the keymap checked before start, and thresholds that change the rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models import clock, settings
from models.services.checkins import is_flagged
from models.settings import Source
from tui.cli import main

SYSTEM = """\
database = "/srv/system.db"
language = "en"
timezone = "Europe/Berlin"
backups_keep = 30
"""


@pytest.fixture(autouse=True)
def never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the app start after all, the test fails instead of waiting for a terminal."""
    from tui.app import SupplyDeskApp

    def run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(SupplyDeskApp, "run", run)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The system's and the user's settings file (absent until written)."""
    system, user = tmp_path / "system.toml", tmp_path / "user.toml"
    monkeypatch.setenv("SUPPLYDESK_SYSTEM_CONFIG", str(system))
    monkeypatch.setenv("SUPPLYDESK_CONFIG", str(user))
    return system, user


def test_each_layer_is_over_the_one_before(files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    system, user = files
    system.write_text(SYSTEM, encoding="utf-8")
    user.write_text('# mine\ndatabase = "/home/me/user.db"\nlanguage = "zh"\n[thresholds]\nwarning_days = 5\n',
                    encoding="utf-8")
    monkeypatch.setenv("SUPPLYDESK_LANG", "en")
    loaded = settings.load({"database": "/tmp/flag.db", "language": None})
    assert (loaded.database, loaded.language, loaded.timezone, loaded.backups_keep, loaded.warning_days) == (
        "/tmp/flag.db", "en", "Europe/Berlin", 30, 5.0)
    assert loaded.source("database") == Source("flag", "--db")
    assert loaded.source("language") == Source("env", "SUPPLYDESK_LANG")
    assert loaded.source("warning_days") == Source("file", str(user), 5)
    assert loaded.source("timezone") == Source("file", str(system), 3)
    assert loaded.source("poll_seconds") == settings.DEFAULT
    assert settings.load({}).database == "/home/me/user.db"  # the user's file over the system's


def test_supplydesk_config_says_every_value_and_where_it_came_from(
        files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    system, user = files
    system.write_text(SYSTEM, encoding="utf-8")
    user.write_text('[keymap]\nscreen-shortages = "f3"\n', encoding="utf-8")
    monkeypatch.setenv("SUPPLYDESK_POLL_SECONDS", "2.5")
    assert main(["config", "--lang", "en"]) == 0
    lines = {words[0]: " ".join(words[1:]) for words in map(str.split, capsys.readouterr().out.splitlines()) if words}
    assert lines["timezone"] == f"Europe/Berlin {system}, line 3"
    assert lines["poll_seconds"] == "2.5 environment variable SUPPLYDESK_POLL_SECONDS"
    assert lines["language"] == "en flag --lang"
    assert lines["thresholds.warning_days"] == "3 default"
    assert lines["keymap.screen-shortages"] == f"f3 {user}, line 2"

    assert main(["config", "--lang", "zh"]) == 0
    shown = capsys.readouterr().out
    assert f"{system} 第 3 行" in shown and "环境变量 SUPPLYDESK_POLL_SECONDS" in shown and "默认值" in shown


@pytest.mark.parametrize(("text", "said"), [
    ("language = 'en'\n[thresholds]\nwarning_days = 5 x\n", "line 3: Not a valid settings file"),
    ("[thresholds]\n\nwarning_days = 5\nwarn_days = 4\n", "line 4: Unknown setting thresholds.warn_days"),
    ("colour = 'red'\n", "line 1: Unknown setting colour"),
    ("[thresholds]\nescalate_after_hours = '24'\n", "line 2: thresholds.escalate_after_hours must be a number"),
    ("thresholds = { checkin_flag_hours = -1 }\n", "line 1: thresholds.checkin_flag_hours must be a number"),
    ("timezone = 'Mars/Olympus'\n", "line 1: timezone must be a time zone"),
])
def test_a_broken_file_is_named_with_its_line_and_nothing_starts(
        files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    _, user = files
    user.write_text(text, encoding="utf-8")
    assert main(["--lang", "en"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"supplydesk: {user}, {said}")


def test_a_keymap_clash_or_an_unknown_id_refuses_the_start(
        files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, user = files
    user.write_text('[keymap]\nscreen-shortages = "n"\nscreen-nowhere = "f4"\nhelp = "f33"\n', encoding="utf-8")
    assert main(["--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"supplydesk: {user}, line 3: Keymap: no binding has the id screen-nowhere" in err
    assert f"supplydesk: {user}, line 4: Keymap: f33 is not a key Supply Desk knows" in err
    assert (f"supplydesk: {user}, line 2: Keymap: n would be both screen-shortages / shortage-new "
            "on ShortageListScreen") in err


def test_a_keymap_that_moves_keys_apart_is_accepted(files: tuple[Path, Path]) -> None:
    """Swapping two keys is no clash: each binding leaves the key the other takes."""
    from tui.app import SupplyDeskApp
    from tui.config.keymap import keymap_errors

    _, user = files
    user.write_text('[keymap]\nscreen-shortages = "4"\nscreen-checkins = "3"\nquit = "f10"\n', encoding="utf-8")
    assert keymap_errors(settings.load(), SupplyDeskApp) == []


def test_thresholds_from_the_file_change_the_rules(files: tuple[Path, Path]) -> None:
    _, user = files
    since = datetime(2020, 2, 3, 7, 0)
    ten_hours_later = since + timedelta(hours=10)
    assert not is_flagged(since, ten_hours_later)
    user.write_text("[thresholds]\ncheckin_flag_hours = 8\nescalate_after_hours = 12\n", encoding="utf-8")
    settings.install(settings.load())
    assert is_flagged(since, ten_hours_later)
    from models.rules import escalate_after

    assert escalate_after() == timedelta(hours=12)


def test_now_is_read_in_the_groups_time_zone(files: tuple[Path, Path]) -> None:
    shanghai = clock.now()
    _, user = files
    user.write_text('timezone = "UTC"\n', encoding="utf-8")
    settings.install(settings.load())
    assert abs((shanghai - clock.now()) - timedelta(hours=8)) < timedelta(minutes=1)


def test_the_folders_and_the_mouse_are_settings_in_the_same_layers(
        files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``data_dir``, ``backup_dir`` and ``mouse``: file < file < variable < flag, as every setting; the
    data directory and the backups follow them (the variables keep working as they did)."""
    from models import paths

    system, user = files
    monkeypatch.delenv("SUPPLYDESK_DATA_DIR")  # the tests' own, a variable: it would be over the files
    system.write_text(f'data_dir = "{tmp_path / "group"}"\nmouse = true\n', encoding="utf-8")
    user.write_text('backup_dir = "~/vault"\n', encoding="utf-8")
    loaded = settings.load()
    assert (loaded.data_dir, loaded.backup_dir, loaded.mouse) == (
        str(tmp_path / "group"), str(Path("~/vault").expanduser()), True)
    assert loaded.source("mouse") == Source("file", str(system), 2)
    settings.install(loaded)
    assert paths.data_dir() == tmp_path / "group"
    assert paths.default_db_path() == tmp_path / "group" / "supplydesk.db"
    assert paths.backup_dir(paths.default_db_path()) == Path("~/vault").expanduser()

    monkeypatch.setenv("SUPPLYDESK_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("SUPPLYDESK_MOUSE", "0")
    loaded = settings.load({"mouse": None})
    assert (loaded.data_dir, loaded.mouse) == (str(tmp_path / "env"), False)
    assert loaded.source("data_dir") == Source("env", "SUPPLYDESK_DATA_DIR")
    flagged = settings.load({"mouse": "true"})
    assert flagged.mouse is True and flagged.source("mouse") == Source("flag", "--mouse")


@pytest.mark.parametrize(("text", "env", "said"), [
    ("mouse = 'yes'\n", {}, "line 1: mouse must be true or false"),
    ("data_dir = 3\n", {}, "line 1: data_dir must be a text in quotes"),
    ("", {"SUPPLYDESK_MOUSE": "maybe"}, "environment variable SUPPLYDESK_MOUSE: mouse must be true or false"),
])
def test_a_wrong_folder_or_mouse_value_is_named_and_nothing_starts(
        files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        text: str, env: dict[str, str], said: str) -> None:
    _, user = files
    user.write_text(text, encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["--lang", "en"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert said in line and (not text or line.startswith(f"supplydesk: {user}, "))


@pytest.mark.parametrize(("text", "argv", "mouse"), [
    ("mouse = true\n", [], True),
    ("", ["--mouse"], True),
    ("", [], False),
])
def test_the_app_asks_for_the_mouse_as_the_settings_say(
        files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, text: str, argv: list[str], mouse: bool) -> None:
    from tui.app import SupplyDeskApp

    _, user = files
    user.write_text(text, encoding="utf-8")
    asked: list[object] = []
    monkeypatch.setattr(SupplyDeskApp, "run", lambda self, **kwargs: asked.append(kwargs.get("mouse")))
    monkeypatch.setattr("tui.shell.keys.install", lambda: None)
    assert main(["--lang", "en", *argv]) == 0
    assert asked == [mouse]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_supplydesk_config_shows_the_folders_and_the_mouse_with_their_source(
        files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], lang: str) -> None:
    _, user = files
    monkeypatch.delenv("SUPPLYDESK_DATA_DIR")
    user.write_text(f'data_dir = "{tmp_path / "group"}"\n', encoding="utf-8")
    monkeypatch.setenv("SUPPLYDESK_MOUSE", "1")
    assert main(["config", "--lang", lang]) == 0
    lines = {words[0]: " ".join(words[1:]) for words in map(str.split, capsys.readouterr().out.splitlines()) if words}
    line = "第 1 行" if lang == "zh" else "line 1"
    assert lines["data_dir"] == f"{tmp_path / 'group'} {user}, {line}".replace(", 第", " 第")
    assert lines["database"].startswith(str(tmp_path / "group" / "supplydesk.db"))  # the default follows it
    assert lines["backup_dir"].startswith(str(tmp_path / "group" / "backups"))
    variable = "环境变量" if lang == "zh" else "environment variable"
    assert lines["mouse"] == f"true {variable} SUPPLYDESK_MOUSE"
