"""Enterprises and what the dashboard and the directory read of them: the maker, its products and
daily reports.

The rest of an enterprise's records live in modules of their own, imported by what reads them: its
raw-material reserves in models.material_reserves, its status history in models.history, its
licences in models.licences, its holiday plans in models.holiday_plans.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from models.base import EnterpriseStatus, Model, Tracked, local_time


class EnterpriseBase(Model):
    name: str = Field(max_length=200)
    short_name: str | None = Field(default=None, max_length=64)
    credit_code: str | None = Field(default=None, max_length=18)
    district_id: int = Field(foreign_key="district.id")
    park_id: int | None = Field(default=None, foreign_key="park.id")
    address: str | None = Field(default=None, max_length=200)
    contact_person: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=2000)


class Enterprise(EnterpriseBase, Tracked, table=True):
    __table_args__ = (
        UniqueConstraint("credit_code", name="uq_enterprise_credit_code"),
        Index("ix_enterprise_district_status", "district_id", "status"),
        # the directory's filter and default order in one covering index: the filter scans the index
        # (not the wide rows) and the first page walks it in name order, with no lookups into the table
        Index("ix_enterprise_search_cover", "archived", "sort_key", "id", "search_key"),
        # the directory sorted by district or by park: a page walks the index (migration 0018)
        Index("ix_enterprise_district_sort", "archived", "district_id", "id"),
        Index("ix_enterprise_park_sort", "archived", "park_id", "id"),
        # the check-in roster by district: a page walks the enterprises in this order and looks up their
        # open check-ins (all enterprises) or stationings (those on the directory) (migration 0023)
        Index("ix_enterprise_district_key", "district_id", "sort_key"),
        Index("ix_enterprise_live_district_key", "archived", "district_id", "sort_key"),
        # the stationing by enterprise: a page walks the enterprises (archived ones too) in name key order
        Index("ix_enterprise_sort_key", "sort_key"),
        # The trigram indexes of the search key (GIN on PostgreSQL, FTS5 on SQLite) are made by
        # migration 0002 only: declared here, the PostgreSQL one would load that dialect at start-up.
    )

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=EnterpriseStatus.NOT_RESUMED, max_length=16)
    status_changed_at: datetime | None = local_time(default=None)
    archived: bool = Field(default=False)
    archived_reason: str | None = Field(default=None, max_length=500)
    #: lower-case search key: name, short name, full pinyin, initials, credit code (see models.search)
    search_key: str = Field(default="", max_length=2000)
    #: lower-case sort key for the name: its pinyin, so lists sort as people expect
    sort_key: str = Field(default="", max_length=400)


class EnterpriseCreate(EnterpriseBase):
    status: str = EnterpriseStatus.NOT_RESUMED


class EnterpriseUpdate(Model):
    name: str | None = None
    short_name: str | None = None
    credit_code: str | None = None
    district_id: int | None = None
    park_id: int | None = None
    address: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    notes: str | None = None


class Product(Tracked, table=True):
    """A catalogue item an enterprise makes, with its daily capacity."""

    __table_args__ = (
        UniqueConstraint("enterprise_id", "item_id", name="uq_product_enterprise_item"),
        # the makers of an item in id order (the directory filtered by it, sorted by its output)
        Index("ix_product_item_enterprise", "item_id", "enterprise_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id", index=True)
    daily_capacity: float = Field(default=0)
    archived: bool = Field(default=False)


class DailyReport(Tracked, table=True):
    """One day's figures for one product: output, stock, shipped."""

    __table_args__ = (
        UniqueConstraint("enterprise_id", "item_id", "report_date", name="uq_report_day"),
        Index("ix_dailyreport_date_item", "report_date", "item_id"),
        # "not reported today" (the directory's quick filter, the dashboard): who reported on a day
        Index("ix_dailyreport_date_enterprise", "report_date", "enterprise_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    report_date: date
    output: float = Field(default=0)
    stock: float = Field(default=0)
    shipped: float = Field(default=0)
    late_reason: str | None = Field(default=None, max_length=500)
