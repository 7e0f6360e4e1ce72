"""The columns of each kind of sheet, and how a header row is recognised among the title and note
rows above it.

A column is known by its usual names in Chinese and English (``企业名称``/``单位名称``/``name``);
a header is compared folded (full-width to ASCII, no blanks, no ``*`` marking a required column,
lower case), with a unit in brackets taken apart: ``日产能（万只）`` is the capacity column, in
units of 10,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.exchange.sheet import MULTIPLIERS, Cell, normal

KINDS = ("enterprises", "cadres", "suppliers", "catalogue")


@dataclass(frozen=True)
class Column:
    """One column a kind of sheet may have: the field it fills and the names it goes by."""

    field: str
    names: tuple[str, ...]
    required: bool = False
    number: bool = False


#: the columns of each kind, in the order a template and an export write them; the first name is
#: the Chinese header, the English one follows (the labels the front end writes are among them)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "enterprises": (
        Column("name", ("企业名称", "单位名称", "企业全称", "企业", "名称", "enterprise", "enterprise name", "name",
                        "company"), required=True),
        Column("short_name", ("简称", "企业简称", "short name")),
        Column("credit_code", ("统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "credit code", "uscc")),
        Column("district", ("所在区县", "区县", "区/县", "所属区县", "区域", "district", "district/county"),
               required=True),
        Column("park", ("所在园区", "园区", "工业园区", "park")),
        Column("address", ("地址", "企业地址", "详细地址", "address")),
        Column("contact_person", ("联系人", "企业联系人", "contact person", "contact")),
        Column("phone", ("联系电话", "电话", "手机", "手机号", "联系方式", "phone", "telephone", "mobile")),
        Column("notes", ("备注", "说明", "notes", "remarks")),
        Column("product", ("主要产品", "产品", "生产产品", "product", "main product")),
        Column("capacity", ("日产能", "产能", "daily capacity", "capacity"), number=True),
    ),
    "cadres": (
        Column("name", ("姓名", "干部姓名", "名字", "name", "full name"), required=True),
        Column("unit", ("单位", "所在单位", "派出单位", "成员单位", "unit")),
        Column("group", ("专项组", "所在组", "工作组", "special group", "group")),
        Column("phone", ("联系电话", "手机", "手机号", "电话", "phone", "mobile")),
        Column("login", ("登录名", "账号", "用户名", "login", "account")),
        Column("role", ("角色", "权限", "role")),
        Column("active", ("在岗", "是否在岗", "active")),
    ),
    "suppliers": (
        Column("name", ("供应商名称", "供应商", "单位名称", "名称", "supplier", "name"), required=True),
        Column("origin", ("来源", "境内外", "是否境外", "境外", "origin", "overseas", "foreign")),
        Column("region", ("所在城市或国家", "城市", "国家", "地区", "所在地", "city or country", "region")),
        Column("notes", ("备注", "说明", "notes", "remarks")),
    ),
    "catalogue": (
        Column("code", ("编码", "物资编码", "代码", "code"), required=True),
        Column("name", ("物资名称", "目录物资", "名称", "品名", "item", "name"), required=True),
        Column("name_en", ("英文名称", "english name", "name (english)")),
        Column("category", ("类别", "分类", "category"), required=True),
        Column("unit", ("计量单位", "单位", "unit of measure", "unit"), required=True),
        Column("daily_demand", ("日需求量", "全市日需求", "日需求", "daily demand", "demand"), number=True),
        Column("severely_short", ("严重紧缺", "是否严重紧缺", "severely short")),
    ),
}
#: headers of columns no kind imports (a row number, a signature): recognised, so not reported as unknown
IGNORED = ("序号", "编号", "no", "no.", "#")
#: the first cells of rows that sum the rows above them
TOTALS = ("合计", "小计", "总计", "total", "subtotal", "sum")
#: how far down the title and note rows may push the header
HEADER_SEARCH = 20

_UNIT = re.compile(r"^(.*?)[(\[](.*?)[)\]]$")


def fold(text: str) -> str:
    """A header or a value as compared: folded to ASCII forms, no blanks or asterisks, lower case."""
    return re.sub(r"[\s*]", "", normal(text)).lower()


def split_unit(header: str) -> tuple[str, float]:
    """``日产能(万只)`` → (``日产能``, 10000): the name and the multiplier of its unit (1 without one)."""
    folded = fold(header)
    match = _UNIT.match(folded)
    if match is None:
        return folded, 1.0
    name, unit = match.groups()
    return name, MULTIPLIERS.get(unit[:1], 1.0)


@dataclass(frozen=True)
class Header:
    """The recognised header of a sheet: its row, which column fills which field (with its unit),
    the header text of each, and the headers nobody reads."""

    row: int
    index: dict[str, int]
    scale: dict[str, float]
    titles: dict[str, str]
    unknown: tuple[str, ...]


def _field(kind: str, cell: Cell) -> tuple[str | None, float]:
    if not isinstance(cell, str):
        return None, 1.0
    name, scale = split_unit(cell)
    for column in COLUMNS[kind]:
        if name in (fold(n) for n in column.names):
            return column.field, scale
    return None, scale


def find_header(kind: str, rows: list[tuple[int, list[Cell]]]) -> Header | None:
    """The first row (among the first HEADER_SEARCH) naming the kind's required columns."""
    required = {c.field for c in COLUMNS[kind] if c.required}
    for number, cells in rows[:HEADER_SEARCH]:
        index: dict[str, int] = {}
        scale: dict[str, float] = {}
        titles: dict[str, str] = {}
        unknown: list[str] = []
        for k, cell in enumerate(cells):
            field, factor = _field(kind, cell)
            if field is not None and field not in index:
                index[field], scale[field], titles[field] = k, factor, str(cell)
            elif field is None and isinstance(cell, str) and fold(cell) not in IGNORED:
                unknown.append(cell)
        if required <= index.keys():
            return Header(number, index, scale, titles, tuple(unknown))
    return None


def is_total(cells: list[Cell]) -> str | None:
    """The word of a total row (合计, 小计…), if its first filled cells say so."""
    for cell in [c for c in cells if c not in (None, "")][:2]:
        if isinstance(cell, str):
            word = fold(cell).rstrip(":")
            if word in TOTALS or word.startswith(("合计", "小计", "总计")):
                return cell
    return None
