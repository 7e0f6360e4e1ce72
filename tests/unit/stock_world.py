"""Warehouses and catalogue items for the stock tests (sites made with the common bookkeeping and
the keys the sites' service builds, as a coordinator's form would)."""

from __future__ import annotations

from sqlmodel import Session, select

from models import clock
from models.reference import CatalogueItem
from models.services.common import Actor, create_row, row_id, write_transaction
from models.services.sites import site_keys
from models.sites import Site, SiteKind


def warehouse(session: Session, actor: Actor, code: str = "WH-CQ1", name: str = "市级储备一号库",
              name_en: str = "City reserve no. 1", kind: str = SiteKind.WAREHOUSE) -> int:
    values = {"code": code, "name": name, "name_en": name_en, "kind": kind}
    with write_transaction(session):
        site = create_row(session, Site(**values, **site_keys(session, values)), actor=actor, at=clock.now())
        return row_id(site)


def item_id(session: Session, code: str = "MASK-SURG") -> int:
    item = session.exec(select(CatalogueItem).where(CatalogueItem.code == code)).one()
    return row_id(item)
