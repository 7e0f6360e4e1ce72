"""The base of every model, and the shared columns: every mutable row carries a version and
who/when it was created and updated."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig


def local_time(**kwargs: Any) -> Any:
    """A naive local-time column (see models.clock), the same on SQLite and PostgreSQL."""
    return Field(sa_type=DateTime(timezone=False), **kwargs)


class Model(SQLModel):
    """The base of every model: pydantic builds a model's validator when it is first used.

    Building it is a third of the cost of defining a model, and start-up validates nothing: the
    validators wait for the first form that validates or dumps a model.
    """

    model_config = SQLModelConfig(defer_build=True)  # merged into SQLModel's


class Tracked(Model):
    """Mixin of the bookkeeping columns; services fill them, forms never do."""

    if TYPE_CHECKING:
        # every tracked table declares its own primary key, an integer id (the services read it)
        id: int | None

    version: int = Field(default=1)
    created_at: datetime | None = local_time(default=None)
    created_by: str | None = Field(default=None, max_length=64)
    updated_at: datetime | None = local_time(default=None)
    updated_by: str | None = Field(default=None, max_length=64)


class Role(StrEnum):
    COORDINATOR = "coordinator"
    FIELD_CADRE = "field_cadre"
    VIEWER = "viewer"


class EnterpriseStatus(StrEnum):
    NOT_RESUMED = "not_resumed"
    RESUMED = "resumed"
    FULL_LOAD = "full_load"
    STOPPED = "stopped"


class LicenceStatus(StrEnum):
    APPLYING = "applying"
    GREEN_CHANNEL = "green_channel"
    HELD = "held"
    REFUSED = "refused"


class ShortageKind(StrEnum):
    RAW_MATERIAL = "raw_material"
    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"
    TRANSPORT = "transport"
    LABOUR = "labour"
    LICENCE = "licence"
    FUNDING = "funding"
    LOGISTICS = "logistics"
    OTHER = "other"


class ShortageStatus(StrEnum):
    OPEN = "open"
    COORDINATING = "coordinating"
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed_unresolved"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Level(StrEnum):
    DISTRICT = "district"
    CITY = "city"


class WorkCategory(StrEnum):
    PRODUCTION = "production"
    RAW_MATERIALS = "raw_materials"
    LABOUR = "labour"
    TRANSPORT = "transport"
    LICENCE = "licence"
    FUNDING = "funding"
    PROCUREMENT = "procurement"
    OTHER = "other"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}
