"""Commands that change the whole database are a coordinator's; restores and backups never write
through a planted link, keep the file's owner and mode, and refuse what would not run; files the app
writes are private whatever the umask; a shared database is backed up once a day beside itself."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from models import backup, migrate, paths
from models.base import Role
from models.db import Database
from models.errors import DatabaseError, PermissionDenied
from models.migrate import ensure_schema
from models.services.common import Actor
from models.services.identity import os_login, resolve_actor
from tui.cli import main

OTHER = "someone-else"


def make_db(path: Path, *, coordinator: str | None = OTHER) -> Path:
    """A migrated database at ``path`` whose first login (its coordinator) is ``coordinator``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database.open(f"sqlite:///{path}")
    try:
        ensure_schema(db)
        if coordinator:
            with db.session() as session:
                resolve_actor(session, login=coordinator)
    finally:
        db.dispose()
    return path


def count(file: Path, table: str) -> int:
    conn = sqlite3.connect(file)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def only_the_database(live: Path) -> bool:
    """Nothing beside ``live`` but its own WAL files (a reader of a WAL database may leave them)."""
    return {p.name for p in live.parent.iterdir()} <= {live.name, f"{live.name}-wal", f"{live.name}-shm"}


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


@pytest.fixture
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


# --- coordinator actions --------------------------------------------------------------------------------


def test_demo_force_by_a_login_that_is_not_a_coordinator_is_refused(tmp_path: Path, capsys) -> None:
    db = make_db(tmp_path / "desk.db")  # its coordinator is someone else: this login only reads
    capsys.readouterr()
    assert main(["--lang", "en", "demo", "--force", "--db", str(db)]) == 2
    line = one_line(capsys.readouterr().err)
    assert "coordinator" in line and os_login() in line
    assert count(db, "enterprise") == 0 and count(db, "cadre") == 1


def test_demo_is_refused_in_the_model_for_anyone_but_a_coordinator(tmp_path: Path) -> None:
    from models.demo import load_demo

    db = Database.open(f"sqlite:///{make_db(tmp_path / 'desk.db')}")
    try:
        for role in (Role.VIEWER, Role.FIELD_CADRE):
            with pytest.raises(PermissionDenied):
                load_demo(db, actor=Actor(login="x", role=role), force=True)
    finally:
        db.dispose()


def test_demo_on_a_new_database_is_loaded_by_its_first_login(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.db"
    assert main(["--lang", "en", "demo", "--db", str(db)]) == 0
    assert count(db, "enterprise") == 80
    assert main(["--lang", "en", "demo", "--force", "--db", str(db)]) == 0  # its coordinator may add more
    assert count(db, "enterprise") == 160


def test_restore_by_a_login_that_is_not_a_coordinator_of_the_replaced_database_is_refused(
        tmp_path: Path, capsys) -> None:
    live = make_db(tmp_path / "live" / "desk.db")
    saved = backup.backup(f"sqlite:///{live}", tmp_path / "saved.db")
    before = live.read_bytes()
    assert main(["--lang", "en", "restore", str(saved), "--force", "--db", str(live)]) == 2
    assert "coordinator" in one_line(capsys.readouterr().err)
    assert live.read_bytes() == before and only_the_database(live)
    with pytest.raises(PermissionDenied):  # the model says so too, whatever calls it
        backup.restore(f"sqlite:///{live}", saved, login="viewer-login", force=True)


def test_an_inactive_coordinator_may_not_restore(tmp_path: Path) -> None:
    live = make_db(tmp_path / "desk.db")
    saved = backup.backup(f"sqlite:///{live}", tmp_path / "saved.db")
    conn = sqlite3.connect(live)
    conn.execute("UPDATE cadre SET active = 0")
    conn.commit()
    conn.close()
    with pytest.raises(PermissionDenied):
        backup.restore(f"sqlite:///{live}", saved, login=OTHER, force=True)


def test_restore_where_there_is_no_database_yet_is_allowed(tmp_path: Path, capsys) -> None:
    saved = make_db(tmp_path / "saved.db")
    target = tmp_path / "desk.db"
    assert main(["--lang", "en", "restore", str(saved), "--db", str(target)]) == 0
    assert count(target, "cadre") == 1 and mode(target) == 0o600


def test_the_coordinator_of_the_replaced_database_restores_it(tmp_path: Path, capsys) -> None:
    live = make_db(tmp_path / "desk.db", coordinator=os_login())
    saved = backup.backup(f"sqlite:///{live}", tmp_path / "saved.db")
    assert main(["--lang", "en", "restore", str(saved), "--force", "--db", str(live)]) == 0
    assert backup.check(live) == migrate.HEAD


# --- restore: staging, owner and mode, a file that runs ----------------------------------------------------


def test_restore_never_writes_through_a_link_planted_at_a_staging_name(tmp_path: Path, frozen_clock) -> None:
    live = make_db(tmp_path / "shared" / "desk.db", coordinator="coord")
    saved = backup.backup(f"sqlite:///{live}", tmp_path / "saved.db")
    private = tmp_path / "private.txt"
    private.write_text("mine")
    aside = "desk.replaced-20200203-075000.db"
    for name in ("desk.db.restoring", "desk.db.partial", aside, f"{aside}.partial"):  # each name once used
        (live.parent / name).symlink_to(private)
    backup.restore(f"sqlite:///{live}", saved, login="coord", force=True)
    assert private.read_text() == "mine"
    assert not (live.parent / aside).is_symlink() and backup.check(live.parent / aside) == migrate.HEAD
    assert backup.check(live) == migrate.HEAD
    assert not [p for p in live.parent.iterdir() if p.name.endswith(".partial") and not p.is_symlink()]


def test_the_restored_file_keeps_the_owner_group_and_mode_of_the_one_it_replaces(tmp_path: Path) -> None:
    live = make_db(tmp_path / "desk.db", coordinator="coord")
    saved = backup.backup(f"sqlite:///{live}", tmp_path / "saved.db")
    live.chmod(0o660)
    if os.geteuid() == 0:  # only root gives a file away
        os.chown(live, 65534, 34)
    before = live.stat()
    backup.restore(f"sqlite:///{live}", saved, login="coord", force=True)
    after = live.stat()
    assert (mode(live), after.st_uid, after.st_gid) == (0o660, before.st_uid, before.st_gid)


def test_a_file_with_only_a_version_table_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    live = make_db(tmp_path / "live" / "desk.db", coordinator="coord")
    hollow = tmp_path / "hollow.db"
    conn = sqlite3.connect(hollow)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (migrate.HEAD,))
    conn.commit()
    conn.close()
    before = live.read_bytes()
    with pytest.raises(DatabaseError) as err:
        backup.restore(f"sqlite:///{live}", hollow, login="coord", force=True)
    assert "lacks tables" in str(err.value) and "auditlog" in str(err.value)
    assert live.read_bytes() == before and only_the_database(live)


def test_a_file_missing_a_column_is_refused(tmp_path: Path) -> None:
    saved = make_db(tmp_path / "saved.db")
    conn = sqlite3.connect(saved)
    conn.execute("ALTER TABLE cadre DROP COLUMN phone")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as err:
        backup.check(saved)
    assert "cadre.phone" in str(err.value)


def test_a_backup_at_an_older_revision_passes_the_check(tmp_path: Path) -> None:
    old = Database.open(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate.upgrade(old, migrate.REVISIONS[0])
    finally:
        old.dispose()
    assert backup.check(tmp_path / "old.db") == migrate.REVISIONS[0]


# --- backup FILE ------------------------------------------------------------------------------------------


def test_backup_refuses_to_overwrite_a_file_without_force(tmp_path: Path, capsys) -> None:
    live = make_db(tmp_path / "desk.db")
    existing = tmp_path / "keep.db"
    existing.write_text("precious")
    assert main(["--lang", "en", "backup", str(existing), "--db", str(live)]) == 2
    assert "--force" in one_line(capsys.readouterr().err)
    assert existing.read_text() == "precious"
    assert main(["--lang", "en", "backup", str(existing), "--force", "--db", str(live)]) == 0
    assert backup.check(existing) == migrate.HEAD and mode(existing) == 0o600


def test_backup_to_an_unwritable_path_is_one_line(tmp_path: Path, capsys) -> None:
    live = make_db(tmp_path / "desk.db")
    (tmp_path / "a-file").write_text("")
    for target in (tmp_path / "a-file" / "copy.db", tmp_path / "no-such-folder" / "copy.db"):
        assert main(["--lang", "en", "backup", str(target), "--db", str(live)]) == 2
        one_line(capsys.readouterr().err)
    assert not (tmp_path / "no-such-folder").exists()


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(make_db(tmp_path / "desk.db").read_bytes()[:4096] + b"\xff" * 8192)  # its pages gone
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DatabaseError):
        backup.backup(f"sqlite:///{damaged}", out / "copy.db")
    assert list(out.iterdir()) == []


# --- files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022], indirect=True)
def test_the_data_directory_briefs_and_backups_are_private_whatever_the_umask(umask: int, tmp_path: Path,
                                                                             capsys) -> None:
    from models import clock
    from models.services.brief import brief as make_brief
    from tui.brief.render import save_brief, write_xlsx

    elsewhere = make_db(tmp_path / "elsewhere.db")
    db = Database.open(f"sqlite:///{elsewhere}")
    with db.session() as session:
        brief = make_brief(session, as_of=clock.now())
    db.dispose()
    saved = save_brief(brief, paths.brief_dir())  # the data directory does not exist yet
    assert mode(paths.data_dir()) == 0o700 and mode(paths.brief_dir()) == 0o700
    assert [mode(p) for p in saved] == [0o600, 0o600]
    assert mode(write_xlsx(brief, tmp_path / "brief.xlsx")) == 0o600
    assert main(["brief", "--format", "markdown", "--output", str(tmp_path / "brief.md"), "--db", str(elsewhere)]) == 0
    assert mode(tmp_path / "brief.md") == 0o600
    live = make_db(paths.default_db_path())
    made = [backup.backup(f"sqlite:///{live}"), backup.daily_backup(f"sqlite:///{live}"),
            backup.backup(f"sqlite:///{live}", tmp_path / "by-hand.db")]
    assert mode(paths.backup_dir()) == 0o700
    assert [mode(p) for p in made if p] == [0o600, 0o600, 0o600]


def test_a_data_directory_made_by_an_earlier_version_is_made_private(tmp_path: Path) -> None:
    paths.data_dir().mkdir(mode=0o755, parents=True)
    paths.data_dir().chmod(0o755)
    paths.private_folder(paths.brief_dir())
    assert mode(paths.data_dir()) == 0o700


def shared_desk(tmp_path: Path) -> Path:
    """A desk database in a group's setgid folder (2770), the file open to the group (0660)."""
    folder = tmp_path / "srv"
    folder.mkdir()
    if os.geteuid() == 0:
        os.chown(folder, -1, 34)
    folder.chmod(0o2770)
    live = make_db(folder / "desk.db")
    live.chmod(0o660)
    if os.geteuid() == 0:
        os.chown(live, -1, 34)
    return live


def test_a_shared_database_is_backed_up_beside_itself_for_its_group(tmp_path: Path) -> None:
    live = shared_desk(tmp_path)
    made = backup.daily_backup(f"sqlite:///{live}", today=date(2020, 2, 3))
    assert made == live.parent / "backups" / "desk-2020-02-03.db"
    assert mode(made.parent) == 0o2770 and made.parent.stat().st_gid == live.parent.stat().st_gid
    assert mode(made) == 0o640 and made.stat().st_gid == live.stat().st_gid  # the group reads, no one else
    assert not paths.backup_dir().exists()  # nothing in this user's home


def test_the_backup_folder_setting_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.BACKUP_DIR_ENV, str(tmp_path / "vault"))
    live = shared_desk(tmp_path)
    made = backup.daily_backup(f"sqlite:///{live}", today=date(2020, 2, 3))
    assert made == tmp_path / "vault" / "desk-2020-02-03.db"
    assert not (live.parent / "backups").exists()


def test_one_daily_backup_per_day_however_many_users_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = shared_desk(tmp_path)
    day = live.parent / "backups" / "desk-2020-02-03.db"
    real = backup._read_only

    def another_user_wins_meanwhile(file: Path) -> sqlite3.Connection:
        if not day.exists():
            day.write_bytes(b"the other user's backup")
        return real(file)

    monkeypatch.setattr(backup, "_read_only", another_user_wins_meanwhile)
    assert backup.daily_backup(f"sqlite:///{live}", today=date(2020, 2, 3)) is None
    assert day.read_bytes() == b"the other user's backup"
    assert [p.name for p in day.parent.iterdir()] == [day.name]
    assert backup.daily_backup(f"sqlite:///{live}", today=date(2020, 2, 3)) is None  # found there: nothing done


def test_the_data_directory_is_made_private_again_when_the_database_opens(tmp_path, monkeypatch) -> None:
    from models.db import Database, resolve_url

    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # made by hand, or under another umask
    monkeypatch.setenv("SUPPLYDESK_DATA_DIR", str(folder))
    Database.open(resolve_url(None)).dispose()
    assert folder.stat().st_mode & 0o777 == 0o700
