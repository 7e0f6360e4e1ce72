"""A mypy plugin: a column of a SQLModel table, read on the class, is a column expression.

SQLModel declares ``Enterprise.name`` as ``str`` (what an instance holds); SQLAlchemy puts an
``InstrumentedAttribute[str]`` on the class, so ``Enterprise.name.in_(...)``, ``select(Enterprise.id)``
and ``CheckIn.check_out.is_(None)`` are column expressions at run time. SQLModel's own answer is to
wrap every such use in ``col(...)``; this plugin gives the class attribute its run-time type instead,
so queries read as SQLAlchemy writes them and are still checked.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.checker import TypeChecker
from mypy.nodes import MypyFile, NameExpr, TypeInfo, Var
from mypy.plugin import AttributeContext, ClassDefContext, Plugin
from mypy.types import CallableType, Instance, ProperType, Type, TypeType, UnionType, get_proper_type

INSTRUMENTED = "sqlalchemy.orm.attributes.InstrumentedAttribute"
KEY = "supplydesk.sqlmodel"


def _tables_of(owner: ProperType) -> list[TypeInfo]:
    """The table classes a class-level attribute is read on (none: an instance, or not a table)."""
    if isinstance(owner, CallableType) and owner.is_type_obj():
        infos = [owner.type_object()]
    elif isinstance(owner, TypeType) and isinstance(owner.item, Instance):
        infos = [owner.item.type]
    elif isinstance(owner, UnionType):  # type[A] | type[B]
        infos = []
        for item in map(get_proper_type, owner.items):
            if not (isinstance(item, TypeType) and isinstance(item.item, Instance)):
                return []
            infos.append(item.item.type)
    else:
        return []
    return infos if all(info.metadata.get(KEY, {}).get("table") for info in infos) else []


def _mark_table(ctx: ClassDefContext) -> None:
    """Remember ``table=True`` in the class's metadata (kept in mypy's cache, unlike the class keywords)."""
    table = ctx.cls.keywords.get("table")
    if isinstance(table, NameExpr) and table.fullname == "builtins.True":
        ctx.cls.info.metadata[KEY] = {"table": True}


def _column(ctx: AttributeContext) -> Type:
    tables = _tables_of(ctx.type)
    if not tables or ctx.is_lvalue:
        return ctx.default_attr_type
    name = getattr(ctx.context, "name", None)
    if name is None or name.startswith("_") or any(name not in _fields(table) for table in tables):
        return ctx.default_attr_type
    # named_generic_type() walks the name from the package down, and sqlalchemy does not import its
    # orm package: the module is looked up directly (get_additional_deps loads it)
    assert isinstance(ctx.api, TypeChecker)
    module, _, name = INSTRUMENTED.rpartition(".")
    column = ctx.api.modules[module].names[name].node
    assert isinstance(column, TypeInfo)
    return Instance(column, [ctx.default_attr_type])


def _fields(info: TypeInfo) -> set[str]:
    """The annotated attributes of a table class and its bases below SQLModel (its columns)."""
    names: set[str] = set()
    for base in info.mro:
        if base.fullname.startswith("sqlmodel."):
            break
        names.update(name for name, node in base.names.items()
                     if isinstance(node.node, Var) and not node.node.is_classvar and name != "model_config")
    return names


class SQLModelColumns(Plugin):
    """Only this project's tables (``models.*``) are concerned."""

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # the module of the column type must be loaded wherever a table's column is read
        return [(10, INSTRUMENTED.rpartition(".")[0], -1)]

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        return _column if fullname.startswith("models.") else None

    def get_customize_class_mro_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        return _mark_table if fullname.startswith("models.") else None


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return SQLModelColumns
