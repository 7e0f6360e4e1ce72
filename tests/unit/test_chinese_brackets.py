"""Brackets the desk writes itself around a specification, a code, a key or a role are full-width in
Chinese text (医用外科口罩（平面型）) and ASCII after a space in English (Surgical mask (flat))."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import tui.i18n as i18n
from models.services.suppliers import SupplyLine
from tui.i18n import format as fmt


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("lang", "shown"), [("zh", "熔喷布（25g/m²）"), ("en", "Melt-blown fabric (25g/m²)")])
def test_a_specification_is_bracketed_as_the_language_writes(lang: str, shown: str) -> None:
    i18n.set_language(lang)
    assert fmt.local_name("熔喷布", "Melt-blown fabric") + fmt.aside("25g/m²") == shown
    assert fmt.aside("") == ""


@pytest.mark.parametrize(("lang", "shown"), [
    ("zh", "熔喷布（25g/m² BFE99）、医用外科口罩"),
    ("en", "Melt-blown fabric (25g/m² BFE99), Surgical mask"),
])
def test_the_suppliers_supplies_column(lang: str, shown: str) -> None:
    from tui.reference.suppliers import _supplies

    i18n.set_language(lang)
    row = SimpleNamespace(lines=(
        SupplyLine(material_id=1, spec="25g/m² BFE99", name="熔喷布", name_en="Melt-blown fabric"),
        SupplyLine(item_id=2, name="医用外科口罩", name_en="Surgical mask")))
    assert _supplies(row) == shown  # type: ignore[arg-type]


def test_the_stored_listing_of_what_a_supplier_supplies_is_chinese() -> None:
    from models.services.suppliers import SupplierRow

    lines = (SupplyLine(material_id=1, spec="25g/m²", name="熔喷布"), SupplyLine(item_id=2, name="医用外科口罩"))
    row = SupplierRow.__new__(SupplierRow)
    object.__setattr__(row, "lines", lines)
    assert row.supplies == "熔喷布（25g/m²）、医用外科口罩"
