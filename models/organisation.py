"""The working group's member units and its five special groups (reference data).

The start screen reads neither, so start-up does not import this module; the people pickers, the
time sheets and every write (models.tables) do.
"""

from __future__ import annotations

from sqlmodel import Field

from models.base import Model
from models.search import keep_keys


class Unit(Model, table=True):
    """A member unit of the working group (市发改委, 市财政局, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    name_en: str = Field(default="", max_length=128)
    #: what typing matches: name (with its pinyin and initials), English name
    search_key: str = Field(default="", max_length=400)
    #: the name's pinyin: the time sheets list units in the order of a Chinese directory
    sort_key: str = Field(default="", max_length=400)


class SpecialGroup(Model, table=True):
    """One of the five special groups (综合协调组, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    name_en: str = Field(default="", max_length=128)
    #: what typing matches: name (with its pinyin and initials), code, English name
    search_key: str = Field(default="", max_length=400)
    #: the name's pinyin (the time sheets' order)
    sort_key: str = Field(default="", max_length=400)


keep_keys(Unit, ("name", "name_en"), sorted_by="name")
keep_keys(SpecialGroup, ("name", "code", "name_en"), sorted_by="name")
