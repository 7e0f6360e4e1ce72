"""``supplydesk people add`` and ``supplydesk people list``: a group's first people without the
app, through the same services (coordinators only, the same checks, one translated line on refusal)."""

from __future__ import annotations

import pytest

import tui.i18n as i18n
from tests.conftest import command_line


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture
def run(empty_db, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``run(login, *argv)`` -> (exit code, stdout, stderr), as ``login`` on an empty database."""
    return command_line(empty_db.url, monkeypatch, capsys)


def test_the_first_login_adds_people_and_lists_them(run) -> None:
    code, out, _ = run("zhangwei", "people", "add", "王芳", "--login", "wangfang", "--role", "coordinator",
                       "--phone", "13912345678")
    assert (code, out.strip()) == (0, "Added 王芳 (coordinator), login wangfang")
    assert run("zhangwei", "people", "add", "李强")[0] == 0
    code, out, _ = run("wangfang", "people", "list")
    assert code == 0
    # by the pinyin of the name (li, wang, zhang), not by the stored text (Latin before Chinese)
    assert out.splitlines() == ["李强  field cadre  —  —  —",
                                "王芳  coordinator  wangfang  13912345678  —",
                                "zhangwei  coordinator  zhangwei  —  —"]
    assert run("wangfang", "people", "list", "--filter", "wf")[1].splitlines() == [
        "王芳  coordinator  wangfang  13912345678  —"]


def test_a_refusal_is_one_translated_line_and_exit_1(run) -> None:
    run("zhangwei", "people", "add", "王芳", "--login", "wangfang")
    code, out, err = run("zhangwei", "people", "add", "李强", "--login", "wangfang")
    assert (code, out, err) == (1, "", "supplydesk: This login already belongs to a cadre\n")
    code, _, err = run("wangfang", "people", "add", "李强")  # a field cadre may not add people
    assert code == 1 and err.startswith("supplydesk: ") and len(err.splitlines()) == 1
    code, _, err = run("zhangwei", "--lang", "zh", "people", "add", "李强", "--phone", "123")
    assert (code, err) == (1, "supplydesk: 手机号为以 1 开头的 11 位数字\n")
