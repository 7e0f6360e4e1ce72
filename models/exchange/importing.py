"""Import a sheet the offices keep: every row checked as the forms check it, matched with what the
database holds, then written through the same services, a batch of rows per transaction.

The report names each refused row by its row number in the sheet, the column (its header as the
sheet writes it) and the reason (a service error, translated where it is shown). Total rows are
skipped and named; blank rows and a header repeated further down are passed over.

Re-importing is idempotent: a row matching a stored record (enterprises by credit code, else by
their exact name; cadres by login, else phone, else their exact name) updates only the fields that
differ, and a blank cell leaves the stored value as it is. A row repeating an earlier row's
record is refused, not imported twice. A dry run plans all of this and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from models import validation
from models.base import Role
from models.enterprise import Enterprise, EnterpriseCreate, EnterpriseUpdate, Product
from models.errors import ServiceError, ValidationError
from models.exchange.columns import COLUMNS, Header, find_header, fold, is_total
from models.exchange.sheet import Cell, Grid, folded, number, read_sheet, text
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.people import Cadre, CadreCreate, CadreUpdate
from models.reference import CatalogueItem, District
from models.services.common import Actor, batch, require_coordinator
from models.supply import Supplier

#: rows written per transaction: small enough that a lock is held briefly, large enough to be fast
BATCH = 200
#: rows checked between two reports of progress (a long sheet's dry run says how far it got)
CHECKED_STEP = 100
#: what a yes/no cell may say
YES = ("1", "yes", "y", "true", "是", "有", "在岗", "启用", "√")
NO = ("0", "no", "n", "false", "否", "无", "停用", "离岗", "×")
#: the roles as sheets name them (the Chinese the app shows included)
ROLES = {
    Role.COORDINATOR: ("coordinator", "协调人员", "协调员", "管理员"),
    Role.FIELD_CADRE: ("field_cadre", "field cadre", "驻厂干部", "干部"),
    Role.VIEWER: ("viewer", "只读", "查看"),
}

Progress = Callable[[str, int, int], None]
Apply = Callable[[Session, Actor], None]


@dataclass(frozen=True)
class Refusal:
    """A row not imported: its row number in the sheet, the column's header ("" for the row) and why."""

    row: int
    column: str
    error: ServiceError


@dataclass(frozen=True)
class Skipped:
    """A total row passed over: its row number and the word that makes it one (合计, 小计…)."""

    row: int
    word: str


@dataclass
class Report:
    kind: str
    file: str
    sheet: str
    header_row: int
    columns: dict[str, str]
    unknown: tuple[str, ...]
    dry_run: bool
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class _Planned:
    row: int
    new: bool
    apply: Apply


class _Rows:
    """The data rows under a header, each a row number and its cells by field."""

    def __init__(self, grid: Grid, header: Header, report: Report, progress: Progress | None = None) -> None:
        self.header, self.report, self.progress = header, report, progress
        self.rows: list[tuple[int, dict[str, Cell]]] = []
        header_cells: list[Cell] | None = None
        for number_, cells in grid.rows:
            if number_ == header.row:
                header_cells = cells
            if number_ <= header.row or cells == header_cells or all(c in (None, "") for c in cells):
                continue
            word = is_total(cells)
            if word is not None:
                report.skipped.append(Skipped(number_, word))
                continue
            values = {f: cells[k] if k < len(cells) else None for f, k in header.index.items()}
            if any(v not in (None, "") for v in values.values()):  # a numbered row left empty is blank too
                self.rows.append((number_, values))

    def each(self) -> Iterable[tuple[int, dict[str, Cell]]]:
        """The rows to check, in order; every ``CHECKED_STEP`` rows (and at the end) the progress
        hears of it as the stage ``check``."""
        total = len(self.rows)
        for done, row in enumerate(self.rows, 1):
            yield row
            if self.progress is not None and (done % CHECKED_STEP == 0 or done == total):
                self.progress("check", done, total)

    def refuse(self, row: int, error: ServiceError) -> None:
        """Record why ``row`` is refused, under the column its field came from."""
        field_name = getattr(error, "field", "")
        column = self.header.titles.get(_FIELD_COLUMNS.get(field_name, field_name), "")
        self.report.refused.append(Refusal(row, column, error))

    def number(self, values: dict[str, Cell], field_name: str) -> object:
        return number(values.get(field_name), scale=self.header.scale.get(field_name, 1.0))


#: service fields named differently from the sheet's columns
_FIELD_COLUMNS = {"district_id": "district", "park_id": "park", "item_id": "product", "daily_capacity": "capacity",
                  "unit_id": "unit", "group_id": "group"}


def _checked(rows: _Rows, row: int, checks: Iterable[Callable[[], Any]]) -> list[Any] | None:
    """Run each check; every failure is recorded against the row (all of them, not only the first).
    The values, or None when any check failed."""
    values, failed = [], False
    for check in checks:
        try:
            values.append(check())
        except ValidationError as error:
            rows.refuse(row, error)
            failed = True
    return None if failed else values


def _duplicate(rows: _Rows, seen: dict[tuple[str, str], int], row: int, keys: list[tuple[str, str]]) -> bool:
    """Whether an earlier row of this sheet is the same record (refused then), else remember its keys."""
    for key in keys:
        if key in seen:
            rows.refuse(row, ValidationError(key[0], "The same record as row {row} of this sheet", row=seen[key]))
            return True
    for key in keys:
        seen[key] = row
    return False


def _lookup(pairs: Iterable[tuple[int, Iterable[str | None]]]) -> dict[str, int]:
    """Folded names → id, every name of each row (the first row keeps a name two rows share)."""
    found: dict[str, int] = {}
    for row_id, names in pairs:
        for name in names:
            if name:
                found.setdefault(fold(name), row_id)
    return found


def _pick(table: dict[str, int], value: Cell, *, field_name: str) -> int | None:
    shown = text(value)
    if shown is None:
        return None
    found = table.get(fold(shown))
    if found is None:
        raise ValidationError(field_name, "Unknown value {value}", value=shown)
    return found


def _yes_no(value: Cell, *, field_name: str) -> bool | None:
    shown = text(value)
    if shown is None:
        return None
    folded = fold(shown)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValidationError(field_name, "Unknown value {value}", value=shown)


#: what a sheet may say of where a supplier is (besides yes or no under "overseas")
ORIGIN_WORDS = {
    "local": "local", "本市": "local", "市内": "local", "重庆": "local",
    "out_of_city": "out_of_city", "outofcity": "out_of_city", "市外": "out_of_city", "外省": "out_of_city",
    "国内": "out_of_city", "overseas": "overseas", "abroad": "overseas", "境外": "overseas", "海外": "overseas",
}


def _origin(value: Cell) -> str | None:
    """A supplier's origin (``models.supply.ORIGINS``): its word, or yes/no to "overseas"."""
    shown = text(value)
    if shown is None:
        return None
    folded = fold(shown)
    if folded in ORIGIN_WORDS:
        return ORIGIN_WORDS[folded]
    overseas = _yes_no(value, field_name="origin")
    return None if overseas is None else ("overseas" if overseas else "local")


# ---- enterprises -----------------------------------------------------------------------------------------------


def _district_names(session: Session) -> dict[str, int]:
    """A district by its name, its name without 区/县 or 自治县, or its pinyin."""
    rows = session.exec(select(District)).all()
    return _lookup((d.id or 0, (d.name, d.name.removesuffix("自治县").removesuffix("区").removesuffix("县"),
                                d.pinyin)) for d in rows)


@dataclass(frozen=True)
class _Known:
    """What the planning of an enterprise sheet looks rows up in, read once."""

    districts: dict[str, int]
    items: dict[str, int]
    by_code: dict[str | None, Enterprise]
    by_name: dict[str, list[Enterprise]]
    park_names: dict[int | None, str]
    #: the product lines of the stored enterprises the sheet names, by (enterprise, item)
    products: dict[tuple[int, int], Product]


def _plan_enterprises(session: Session, rows: _Rows) -> list[_Planned]:
    codes = {fold(text(v.get("credit_code")) or "").upper() for _, v in rows.rows} - {""}
    names = {text(v.get("name")) or "" for _, v in rows.rows} - {""}
    by_code_list = _in(session, Enterprise, Enterprise.credit_code, codes)
    by_name: dict[str, list[Enterprise]] = {}
    for e in _in(session, Enterprise, Enterprise.name, names):
        by_name.setdefault(e.name, []).append(e)
    stored_ids = [e.id for e in [*by_code_list, *(e for same in by_name.values() for e in same)]]
    known = _Known(
        districts=_district_names(session),
        items=_lookup((i.id or 0, (i.name, i.name_en, i.code)) for i in session.exec(select(CatalogueItem))),
        by_code={e.credit_code: e for e in by_code_list},
        by_name=by_name,
        park_names={p.id: p.name for p in session.exec(select(Park))},
        products={(p.enterprise_id, p.item_id): p for p in _in(session, Product, Product.enterprise_id, stored_ids)},
    )
    seen: dict[tuple[str, str], int] = {}
    planned = [_enterprise(session, rows, known, seen, row, values) for row, values in rows.each()]
    return [plan for plan in planned if plan is not None]


#: the enterprise fields the service's own checks clean
_ENTERPRISE_TEXT = ("name", "short_name", "address", "contact_person", "phone", "notes")


def _enterprise(session: Session, rows: _Rows, known: _Known, seen: dict[tuple[str, str], int], row: int,
                values: dict[str, Cell]) -> _Planned | None:
    """Check one row as the form does, match it, and plan its writing (None: refused or unchanged)."""
    from models.services.enterprise_products import set_product
    from models.services.enterprises import _clean, create_enterprise, update_enterprise

    code_text = text(values.get("credit_code"))
    code = fold(code_text).upper() if code_text else None
    stored = known.by_code.get(code) if code else None
    if stored is None:
        same = [e for e in known.by_name.get((text(values.get("name")) or "").strip(), []) if e.credit_code is None]
        stored = same[0] if len(same) == 1 else None
    present = [f for f in _ENTERPRISE_TEXT if f == "name" or text(values.get(f)) is not None]
    checks: list[Callable[[], Any]] = [
        partial(_clean, session, {f: (folded if f == "phone" else text)(values.get(f))}) for f in present]
    checks += [
        # the form's check less its query for another enterprise with the code: every stored code the
        # sheet names was read above, and a row with a stored code is matched to its enterprise
        lambda: {"credit_code": validation.credit_code(code)} if code else {},
        lambda: _district(known.districts, values.get("district")),
        lambda: {"park": validation.name(text(values.get("park")), field="park_id", max_len=64)},
        lambda: _product(known.items, values.get("product")),
        lambda: validation.quantity(rows.number(values, "capacity"), field="capacity", required=False),
    ]
    result = _checked(rows, row, checks)
    if result is None:
        return None
    clean: dict[str, Any] = {}
    for part in result[:-2]:
        clean.update(part)
    park: str | None = clean.pop("park")
    item_id: int | None = result[-2]
    capacity: float | None = result[-1]
    if _duplicate(rows, seen, row, [("credit_code", code)] if code else [("name", clean["name"])]):
        return None
    if stored is None:
        def create(s: Session, actor: Actor) -> None:
            made = create_enterprise(s, actor=actor, data=EnterpriseCreate(**clean), park_name=park)
            if item_id is not None:
                set_product(s, actor=actor, enterprise_id=made.id or 0, item_id=item_id, daily_capacity=capacity or 0)
        return _Planned(row, True, create)
    eid, version = stored.id or 0, stored.version
    changes = {k: v for k, v in clean.items() if v is not None and getattr(stored, k) != v}
    new_park = park if park and known.park_names.get(stored.park_id) != park else None
    product_change = item_id is not None and _product_differs(known.products.get((eid, item_id)), capacity)
    if not changes and new_park is None and not product_change:
        rows.report.unchanged += 1
        return None

    def update(s: Session, actor: Actor) -> None:
        if changes or new_park:
            update_enterprise(s, actor=actor, enterprise_id=eid, expected_version=version,
                              data=EnterpriseUpdate(**changes), park_name=new_park)
        if product_change and item_id is not None:
            set_product(s, actor=actor, enterprise_id=eid, item_id=item_id, daily_capacity=capacity or 0)
    return _Planned(row, False, update)


def _in(session: Session, model: Any, column: Any, values: Iterable[object], chunk: int = 500) -> list[Any]:
    """The rows of ``model`` whose ``column`` is one of ``values`` (asked for in chunks)."""
    ordered, found = sorted(set(values), key=str), list[Any]()
    for start in range(0, len(ordered), chunk):
        found += session.exec(select(model).where(column.in_(ordered[start:start + chunk]))).all()
    return found


def _district(districts: dict[str, int], value: Cell) -> dict[str, int]:
    shown = text(value)
    found = districts.get(fold(shown)) if shown else None
    if found is None:
        if shown is None:
            raise ValidationError("district_id", "Pick one of the 38 districts")
        raise ValidationError("district_id", "{value} is not one of the 38 districts", value=shown)
    return {"district_id": found}


def _product(items: dict[str, int], value: Cell) -> int | None:
    shown = text(value)
    if shown is None:
        return None
    found = items.get(fold(shown))
    if found is None:
        raise ValidationError("item_id", "{value} is not an item of the catalogue", value=shown)
    return found


def _product_differs(line: Product | None, capacity: float | None) -> bool:
    if line is None or line.archived:
        return True
    return capacity is not None and line.daily_capacity != capacity


# ---- cadres ----------------------------------------------------------------------------------------------------


def _role(value: Cell) -> str | None:
    shown = text(value)
    if shown is None:
        return None
    for role, names in ROLES.items():
        if fold(shown) in (fold(n) for n in names):
            return role.value
    raise ValidationError("role", "Unknown value {value}", value=shown)


@dataclass(frozen=True)
class _Roster:
    """What the planning of a roster looks rows up in, read once."""

    units: dict[str, int]
    groups: dict[str, int]
    by_login: dict[str, Cadre]
    by_phone: dict[str, Cadre]
    by_name: dict[str, list[Cadre]]


def _plan_cadres(session: Session, rows: _Rows) -> list[_Planned]:
    cadres = session.exec(select(Cadre)).all()
    by_name: dict[str, list[Cadre]] = {}
    for c in cadres:
        by_name.setdefault(c.name, []).append(c)
    roster = _Roster(
        units=_lookup((u.id or 0, (u.name, u.name_en)) for u in session.exec(select(Unit))),
        groups=_lookup((g.id or 0, (g.name, g.name_en, g.code)) for g in session.exec(select(SpecialGroup))),
        by_login={c.login: c for c in cadres if c.login},
        by_phone={c.phone: c for c in cadres if c.phone},
        by_name=by_name,
    )
    seen: dict[tuple[str, str], int] = {}
    planned = [_cadre(rows, roster, seen, row, values) for row, values in rows.each()]
    return [plan for plan in planned if plan is not None]


def _cadre(rows: _Rows, roster: _Roster, seen: dict[tuple[str, str], int], row: int,
           values: dict[str, Cell]) -> _Planned | None:
    """Check one roster row as the form does, match it, and plan its writing (None: refused or unchanged)."""
    from models.services.cadres import create_cadre, update_cadre

    result = _checked(rows, row, [
        lambda: validation.name(text(values.get("name")), field="name", required=True, max_len=64),
        lambda: validation.mobile(folded(values.get("phone"))),
        lambda: validation.text(folded(values.get("login")), field="login", max_len=64),
        lambda: _pick(roster.units, values.get("unit"), field_name="unit_id"),
        lambda: _pick(roster.groups, values.get("group"), field_name="group_id"),
        lambda: _role(values.get("role")),
        lambda: _yes_no(values.get("active"), field_name="active"),
    ])
    if result is None:
        return None
    name, phone, login, unit_id, group_id, role, active = result
    stored = (roster.by_login.get(login) if login else None) or (roster.by_phone.get(phone) if phone else None)
    if stored is None and not login and not phone and len(roster.by_name.get(name, [])) == 1:
        stored = roster.by_name[name][0]
    if login and login in roster.by_login and roster.by_login[login] is not stored:
        rows.refuse(row, ValidationError("login", "This login already belongs to a cadre"))
        return None
    keys = ([("login", login)] if login else []) + ([("phone", phone)] if phone else [])
    if _duplicate(rows, seen, row, keys or [("name", name)]):
        return None
    given = {k: v for k, v in {"name": name, "phone": phone, "login": login, "unit_id": unit_id,
                                "group_id": group_id, "role": role, "active": active}.items() if v is not None}
    if stored is None:
        data = CadreCreate(**given)
        return _Planned(row, True, lambda s, actor: _void(create_cadre(s, actor=actor, data=data)))
    cadre_id, version = stored.id or 0, stored.version
    changes = {k: v for k, v in given.items() if getattr(stored, k) != v}
    if not changes:
        rows.report.unchanged += 1
        return None
    return _Planned(row, False, lambda s, actor: _void(update_cadre(
        s, actor=actor, cadre_id=cadre_id, expected_version=version, data=CadreUpdate(**changes))))


def _void(_: object) -> None:
    """A command's result, not needed by the import."""


# ---- suppliers and the catalogue -------------------------------------------------------------------------------
# Written straight to their tables with the common create/update (versioned, audited): their own
# commands are to come, and these plans should call them then.


@dataclass(frozen=True)
class _Plain:
    """A table imported field by field: its model, the field a row is matched by, each field's check."""

    model: Any
    key: str
    checks: dict[str, Callable[[Cell], Any]]
    #: other fields no two rows may share
    unique: tuple[str, ...] = ()


def _plain_text(field_name: str, max_len: int, *, required: bool = False) -> Callable[[Cell], Any]:
    return lambda cell: validation.name(text(cell), field=field_name, required=required, max_len=max_len)


def _plan_plain(spec: _Plain) -> Callable[[Session, _Rows], list[_Planned]]:
    def plan(session: Session, rows: _Rows) -> list[_Planned]:
        every = session.exec(select(spec.model)).all()
        stored = {getattr(r, spec.key): r for r in every}
        taken_by = {(f, getattr(r, f)): r for r in every for f in spec.unique}
        seen: dict[tuple[str, str], int] = {}
        planned = []
        for row, values in rows.each():
            checked = _checked(rows, row, [partial(check, values.get(f)) for f, check in spec.checks.items()])
            if checked is None:
                continue
            given = {f: v for f, v in zip(spec.checks, checked, strict=True) if v is not None}
            if _duplicate(rows, seen, row, [(f, given[f]) for f in (spec.key, *spec.unique) if f in given]):
                continue
            match = stored.get(given[spec.key])
            taken = [f for f in spec.unique if f in given and taken_by.get((f, given[f]), match) is not match]
            if taken:
                rows.refuse(row, ValidationError(taken[0], "Another record already has this value"))
                continue
            planned += [p for p in [_plain_row(spec, rows, row, given, match)] if p]
        return planned
    return plan


def _plain_row(spec: _Plain, rows: _Rows, row: int, given: dict[str, Any], stored: Any) -> _Planned | None:
    from models import clock
    from models.services.common import check_version, create_row, get_for_update, update_row, write_transaction

    def create(s: Session, actor: Actor) -> None:
        require_coordinator(actor)
        with write_transaction(s):
            create_row(s, spec.model(**given), actor=actor, at=clock.now())
    if stored is None:
        return _Planned(row, True, create)
    row_id, version = stored.id, stored.version
    changes = {k: v for k, v in given.items() if getattr(stored, k) != v}
    if not changes:
        rows.report.unchanged += 1
        return None

    def update(s: Session, actor: Actor) -> None:
        require_coordinator(actor)
        with write_transaction(s):
            current = get_for_update(s, spec.model, row_id)
            check_version(current, version)
            update_row(s, current, changes, actor=actor, at=clock.now())
    return _Planned(row, False, update)


_SUPPLIERS = _Plain(Supplier, "name", {
    "name": _plain_text("name", 200, required=True),
    "origin": _origin,
    "region": _plain_text("region", 64),
    "notes": lambda cell: validation.text(text(cell), field="notes", max_len=2000),
})
_CATALOGUE = _Plain(CatalogueItem, "name", {
    "code": lambda cell: validation.text(folded(cell), field="code", required=True, max_len=32),
    "name": _plain_text("name", 64, required=True),
    "name_en": _plain_text("name_en", 128),
    "category": lambda cell: validation.text(folded(cell), field="category", required=True, max_len=32),
    "unit": _plain_text("unit", 16, required=True),
    "daily_demand": lambda cell: validation.quantity(number(cell), field="daily_demand", required=False),
    "severely_short": lambda cell: _yes_no(cell, field_name="severely_short"),
}, unique=("code",))


# ---- the import ------------------------------------------------------------------------------------------------

PLANS: dict[str, Callable[[Session, _Rows], list[_Planned]]] = {
    "enterprises": _plan_enterprises,
    "cadres": _plan_cadres,
    "suppliers": _plan_plain(_SUPPLIERS),
    "catalogue": _plan_plain(_CATALOGUE),
}


def import_sheet(session: Session, *, actor: Actor, kind: str, path: Path, sheet: str | None = None,
                 dry_run: bool = False, progress: Progress | None = None, batch_size: int = BATCH) -> Report:
    """Read ``path``, check and match every row, and (unless ``dry_run``) write the good ones.

    ``progress(stage, done, total)`` hears of the rows checked (stage ``check``, a dry run too) and
    of the rows written (stage ``import``).

    Raises ValidationError for a file that cannot be read or without a header row of the kind;
    refused rows are in the report, not raised.
    """
    require_coordinator(actor)
    if kind not in PLANS:
        raise ValidationError("kind", "Unknown value {value}", value=kind)
    grid = read_sheet(path, sheet=sheet)
    header = find_header(kind, grid.rows)
    if header is None:
        wanted = ", ".join(c.names[0] for c in COLUMNS[kind] if c.required)
        raise ValidationError("file", "No header row found in {sheet}: it needs the columns {columns}",
                              sheet=grid.sheet, columns=wanted)
    report = Report(kind=kind, file=path.name, sheet=grid.sheet, header_row=header.row, columns=dict(header.titles),
                    unknown=header.unknown, dry_run=dry_run)
    rows = _Rows(grid, header, report, progress)
    planned = PLANS[kind](session, rows)
    session.rollback()  # the planning's reads end here: writing starts a transaction of its own
    if dry_run:
        report.new = sum(p.new for p in planned)
        report.updated = len(planned) - report.new
    else:
        _write(session, actor, planned, rows, path.name, progress, batch_size)
    place = {header.titles[f]: k for f, k in header.index.items()}
    report.refused.sort(key=lambda r: (r.row, place.get(r.column, -1)))  # as the sheet reads: down, then across
    return report


def _write(session: Session, actor: Actor, planned: list[_Planned], rows: _Rows, source: str,
           progress: Progress | None, batch_size: int) -> None:
    """Write the planned rows, ``batch_size`` per transaction; a row refused now is reported, the others stay."""
    report = rows.report
    for start in range(0, len(planned), batch_size):
        with batch(session, source=source):
            for plan in planned[start:start + batch_size]:
                try:
                    with session.begin_nested():  # the row's commands stand or fall together
                        plan.apply(session, actor)
                except ServiceError as error:
                    rows.refuse(plan.row, error)
                    continue
                if plan.new:
                    report.new += 1
                else:
                    report.updated += 1
        if progress is not None:
            progress("import", min(start + batch_size, len(planned)), len(planned))
