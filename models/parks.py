"""The industrial parks inside the districts (models.reference.District)."""

from __future__ import annotations

from sqlmodel import Field

from models.base import Tracked
from models.search import keep_keys


class Park(Tracked, table=True):
    """An industrial park inside a district (free text, e.g. 茶园新区)."""

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    name: str = Field(max_length=64)
    archived: bool = Field(default=False)
    #: what typing matches: the name, its pinyin and initials
    search_key: str = Field(default="", max_length=400)


keep_keys(Park, ("name",))
