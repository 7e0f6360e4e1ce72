"""A mypy plugin: a column of a SQLModel table, read on the class, is a column expression.

SQLModel declares ``Enterprise.name`` as ``str`` (what an instance holds); SQLAlchemy puts an
``InstrumentedAttribute[str]`` on the class, so ``Enterprise.name.in_(...)``, ``select(Enterprise.id)``
and ``CheckIn.check_out.is_(None)`` are column expressions at run time. SQLModel's own answer is to
wrap every such use in ``col(...)``; this plugin gives the class attribute its run-time type instead,
so queries read as SQLAlchemy writes them and are still checked.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import MypyFile, NameExpr, TypeInfo
from mypy.plugin import AttributeContext, Plugin
from mypy.types import CallableType, Instance, ProperType, Type, TypeType

INSTRUMENTED = "sqlalchemy.orm.attributes.InstrumentedAttribute"


def _table_of(owner: ProperType) -> TypeInfo | None:
    """The table class a class-level attribute is read on (None: an instance, or not a table)."""
    if isinstance(owner, CallableType) and owner.is_type_obj():
        info = owner.type_object()
    elif isinstance(owner, TypeType) and isinstance(owner.item, Instance):
        info = owner.item.type
    else:
        return None
    table = info.defn.keywords.get("table")
    return info if isinstance(table, NameExpr) and table.fullname == "builtins.True" else None


def _column(ctx: AttributeContext) -> Type:
    table = _table_of(ctx.type)
    if table is None or ctx.is_lvalue:
        return ctx.default_attr_type
    name = getattr(ctx.context, "name", None)
    if name is None or name.startswith("_") or name not in _fields(table):
        return ctx.default_attr_type
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
        names.update(name for name, node in base.names.items() if node.plugin_generated is False)
    return names


class SQLModelColumns(Plugin):
    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # the module of the column type must be loaded wherever a table's column is read
        return [(10, INSTRUMENTED.rpartition(".")[0], -1)]

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        return _column if fullname.startswith("models.") else None


def plugin(version: str) -> type[Plugin]:
    return SQLModelColumns
