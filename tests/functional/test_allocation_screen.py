"""Screen 6 at 80×24 in both languages, driven by keys: the three lists, a request's detail, approving
with less than asked (a reason required), allocating from the warehouse, dispatching, signing with one
line rejected (a reason required), the verbal fast path with its 48-hour deadline, and a field cadre
who is offered no key that writes. Assertions are on what the user sees."""

from __future__ import annotations

import pytest

from models.settings import Settings, install

from .allocation_world import HOSPITAL, UNIT, UNIT_EN, World, build
from .conftest import DeskFactory

LANGS = ["en", "zh"]


@pytest.fixture(autouse=True)
def no_polling() -> None:
    install(Settings(poll_seconds=3600.0))


@pytest.fixture
def world(desk_db, coord) -> World:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        return build(s, coord)


def words(lang: str, en: str, zh: str) -> str:
    return en if lang == "en" else zh


@pytest.mark.parametrize("lang", LANGS)
async def test_the_lists_most_pressing_first(desk_factory: DeskFactory, world: World, lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("allocation")
        rows = desk.rows()
        assert words(lang, "Number", "编号") in rows[0]
        site = UNIT_EN if lang == "en" else UNIT
        assert site[:6] in rows[1] and words(lang, "‼ emergency", "‼ 特急") in rows[1]
        assert "3,200" in rows[1] and words(lang, "submitted", "待审批") in rows[1]
        assert words(lang, "! urgent", "! 紧急") in rows[2]
        await desk.filter("公共卫生" if lang == "zh" else "public")
        assert len([r for r in desk.rows()[1:] if r.strip()]) == 1
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "orders"
        await desk.press("right_square_bracket")
        assert desk.screen.active_tab == "deliveries"
        assert all(len(line) <= 80 for line in desk.text().splitlines())


def line_ids(desk_db, request_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    from models.services.allocation_detail import request_detail

    with desk_db.session() as s:
        return [line.id for line in request_detail(s, request_id=request_id).lines]


def toast(desk, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a toast shown now says ``text``."""
    return any(text in " ".join(notice.split()) for notice in desk.notices())


def error_line(desk) -> str:  # type: ignore[no-untyped-def]
    return str(desk.screen.query_one("#doc-error").render())


@pytest.mark.parametrize("lang", LANGS)
async def test_approve_allocate_dispatch_and_sign(desk_factory: DeskFactory, desk_db, world: World, lang: str) -> None:  # type: ignore[no-untyped-def]
    surgical, n95 = line_ids(desk_db, world.unit_request)
    async with desk_factory(lang=lang) as desk:
        await desk.open("allocation")
        await desk.press("enter")
        shown = desk.flat()
        assert words(lang, "Surgical mask", "医用外科口罩") in shown and "3,000" in shown
        # approve less than asked: the reason is asked for, nothing saved until it is there
        await desk.press("a")
        # each line names its item and unit in the language shown
        assert words(lang, "(pieces)", "（只）") in desk.flat()
        await desk.fill(f"#doc-approved_{surgical}", "2000")
        await desk.press("ctrl+s")
        assert words(lang, "Say why less than asked", "少于申请数量时请说明原因") in error_line(desk)
        await desk.fill(f"#doc-reason_{surgical}", "库存不足")
        await desk.press("ctrl+s")
        assert words(lang, "approved", "已审批") in desk.flat()
        # every command's toast names its document
        assert toast(desk, words(lang, "Request XQ-20200203-002 approved", "需求单 XQ-20200203-002 已审批"))
        # allocate from the warehouse, which shows what it has
        await desk.press("l")
        assert words(lang, "10,000 available there", "该库可用 10,000") in desk.flat()
        await desk.fill("#doc-sender", "陈刚")
        await desk.fill("#doc-sender_phone", "13900000001")
        await desk.press("ctrl+s")
        assert words(lang, "filled", "已满足") in desk.flat() and "DB-20200203-001" in desk.flat()
        assert toast(desk, words(lang, "Allocation order DB-20200203-001 issued", "调拨单 DB-20200203-001 已开具"))
        # the order: dispatch everything
        await desk.press("escape", "right_square_bracket", "enter")
        assert "DB-20200203-001" in desk.flat()
        await desk.press("d")
        await desk.fill("#doc-delivered_by", "王师傅")
        await desk.press("ctrl+s")
        assert words(lang, "dispatched", "已出库") in desk.flat()
        assert toast(desk, words(lang, "Dispatch CK-20200203-001 sent", "出库单 CK-20200203-001 已出库"))
        # the delivery: one line partly rejected, which needs a reason
        await desk.press("escape", "right_square_bracket")
        assert "CK-20200203-001" in desk.flat()
        await desk.press("enter", "s")
        first = desk.screen.parts[3].name.split("_")[1]
        await desk.fill("#doc-received_by", "何主任")
        await desk.fill(f"#doc-accepted_{first}", "1900")
        await desk.fill(f"#doc-rejected_{first}", "100")
        await desk.press("ctrl+s")
        assert words(lang, "Say why it was rejected", "请说明拒收原因") in error_line(desk)
        await desk.fill(f"#doc-reason_{first}", "包装破损")
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert words(lang, "signed", "已签收") in shown and "包装破损" in shown and "1,900" in shown
        assert toast(desk, words(lang, "Delivery CK-20200203-001 signed for", "出库单 CK-20200203-001 已签收"))
        assert all(len(line) <= 80 for line in desk.text().splitlines())
    del n95


@pytest.mark.parametrize("lang", LANGS)
async def test_the_verbal_fast_path_shows_the_48_hour_deadline(desk_factory: DeskFactory, world: World,
                                                               lang: str) -> None:
    async with desk_factory(lang=lang) as desk:
        await desk.open("allocation")
        await desk.press("v")
        picker = desk.screen.query_one("#doc-site-input")
        desk.screen.set_focus(picker)
        await desk.type("公共卫生")
        await desk.press("enter")
        assert HOSPITAL in str(picker.value)
        desk.screen.query_one("#doc-item_1").value = str(world.n95)
        for box, text in (("caller", "周医生"), ("caller_phone", "13800000002"), ("qty_1", "300"),
                          ("receiver", "周医生"), ("receiver_phone", "13800000002"), ("sender", "陈刚"),
                          ("sender_phone", "13900000001"), ("delivered_by", "王师傅")):
            await desk.fill(f"#doc-{box}", text)
        await desk.press("ctrl+s")
        shown = desk.flat()
        assert words(lang, "written order due 2020-02-05 07:50", "书面单 2020-02-05 07:50 前补交") in shown
        assert "DB-20200203-001" in shown


@pytest.mark.parametrize("lang", LANGS)
async def test_a_field_cadre_is_offered_no_write_key(desk_factory: DeskFactory, desk_db, coord, world: World,
                                                      lang: str) -> None:  # type: ignore[no-untyped-def]
    from models.people import CadreCreate
    from models.services.cadres import create_cadre

    with desk_db.session() as s:
        create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", unit_id=1, group_id=3))
    async with desk_factory(lang=lang, login="liqiang") as desk:
        await desk.open("allocation")
        assert words(lang, "New request", "新需求") not in desk.footer()
        await desk.press("n", "v")
        assert desk.screen.__class__.__name__ == "AllocationScreen"
        await desk.press("enter")
        assert desk.screen.__class__.__name__ == "AllocationDetailScreen"
        await desk.press("a", "x", "l")
        assert desk.screen.__class__.__name__ == "AllocationDetailScreen"
        assert words(lang, "Approve", "审批") not in desk.footer()



async def test_a_new_request_and_a_verbal_order_start_from_any_tab(desk_factory: DeskFactory, world: World) -> None:
    """The help lists n and v for the screen: on the orders tab they did nothing."""
    async with desk_factory(lang="en") as desk:
        await desk.open("allocation")
        await desk.press("right_square_bracket")
        await desk.press("n")
        assert desk.screen.__class__.__name__ == "DocumentDialog" and "New request" in desk.text()
