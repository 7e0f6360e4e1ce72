"""The quick filters of the shortage list: what ``f`` offers, the values of each, and the summary
line that says which ones are on. Plain state, no I/O: the screen loads the groups and districts
(``FilterChoices``) in a worker and applies ``filters`` to its table."""

from __future__ import annotations

from typing import Any

from models.base import Level, Severity, ShortageKind, ShortageStatus
from models.services.choices import FilterChoices
from models.services.common import Actor
from tui.i18n import t
from tui.shortages.text import group_label

#: filters picked from a list of values; the others are yes/no (picking one again turns it off)
VALUED = ("status", "kind", "group_id", "district_id", "level", "severity")
#: what typing matches besides the label, for terminals without a Chinese input method: the code,
#: the pinyin and its initials of the Chinese label
PINYIN = {
    "open": "daichuli dcl", "coordinating": "xietiaozhong xtz", "resolved": "yijiejue yjj",
    "closed_unresolved": "weijiejueguanbi wjjgb", "raw_material": "yuancailiao ycl", "water": "shui",
    "electricity": "dian power", "gas": "qi", "transport": "yunshu ys", "labour": "laodongli ldl labor",
    "licence": "zizhi zz license", "funding": "zijin zj", "logistics": "wuliu wl", "other": "qita qt",
    "critical": "teji tj", "high": "gao", "medium": "zhong", "low": "di", "district": "quxianji qxj",
    "city": "shiji sj",
}


def _key(code: str) -> str:
    return f"{code} {PINYIN.get(code, '')}"


class QuickFilters:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.choices: FilterChoices | None = None
        self.filters: dict[str, Any] = {}

    def options(self) -> list[tuple[str, str, str]]:
        """The first dialog of ``f``: (key, label, what typing matches)."""
        options = [
            ("status", t("Status…"), "status zhuangtai zt"), ("kind", t("Kind…"), "kind leixing lx"),
            ("group_id", t("Special group…"), "group zhuanxiangzu zxz"), ("district_id", t("District…"), "district quxian qx"),
            ("level", t("Level…"), "level cengji cj"), ("severity", t("Severity…"), "severity yanzhongchengdu yzcd"),
            ("escalation_due", t("Due for escalation (^)"), "escalation shengji"),
            ("overdue", t("Overdue (!)"), "overdue yuqi"),
            ("severely_short", t("Severely short items"), "severely short yanzhongjinque"),
            ("reported_by", t("Reported by me"), "mine reported wode"),
        ]
        if self.actor.cadre_id is not None:
            options.insert(-1, ("assignee_id", t("Assigned to me"), "mine assigned wode"))
        if self.filters:
            options.append(("clear", t("Clear all filters"), "clear qingchu"))
        return options

    def title(self, key: str) -> str:
        return {"status": t("Status"), "kind": t("Kind"), "group_id": t("Special group"), "district_id": t("District"),
                "level": t("Level"), "severity": t("Severity")}[key]

    def values(self, key: str) -> list[tuple[Any, str, str]]:
        """The second dialog, for a valued filter: (value, label, what typing matches)."""
        if key == "status":
            return [("active", t("Unsolved (open or coordinating)"), "active unsolved weijiejue wjj"),
                    ("done", t("Solved or closed"), "done yijiejue yiguanbi")] + [
                (s.value, t(s.value), _key(s.value)) for s in ShortageStatus]
        if key == "kind":
            return [(k.value, t(k.value), _key(k.value)) for k in ShortageKind]
        if key == "level":
            return [(v.value, t(v.value), _key(v.value)) for v in Level]
        if key == "severity":
            return [(v.value, t(v.value), _key(v.value)) for v in reversed(list(Severity))]
        if self.choices is None:
            return []
        if key == "group_id":
            return [(g.id, group_label(g.name, g.name_en), g.key) for g in self.choices.groups]
        return [(d.id, d.name, d.key) for d in self.choices.districts]

    def toggled(self, key: str) -> dict[str, Any]:
        """The filters with the yes/no filter ``key`` switched."""
        value = {"assignee_id": self.actor.cadre_id, "reported_by": self.actor.login}.get(key, True)
        return {**self.filters, key: None if self.filters.get(key) else value}

    def set(self, filters: dict[str, Any]) -> dict[str, Any]:
        """Keep the filters that are on; returns what the table gets (every old key, None when off)."""
        old = set(self.filters)
        self.filters = {k: v for k, v in filters.items() if v not in (None, False, "")}
        return {key: None for key in old} | self.filters

    def summary(self) -> str:
        """``Filters: Kind: Labour · Overdue (!) (f changes)``, or "" when none is on."""
        parts = []
        for key, value in self.filters.items():
            if key in VALUED:
                label = next((text for option, text, _ in self.values(key) if option == value), str(value))
                parts.append(f"{self.title(key)}: {label}")
            else:
                parts.append({"escalation_due": t("Due for escalation (^)"), "overdue": t("Overdue (!)"),
                              "severely_short": t("Severely short items"), "assignee_id": t("Assigned to me"),
                              "reported_by": t("Reported by me")}.get(key, key))
        return t("Filters: {filters} (f changes)", filters=" · ".join(parts)) if parts else ""
