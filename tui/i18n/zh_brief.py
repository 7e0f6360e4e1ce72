"""简体中文: the daily brief (merged into tui.i18n.zh_CN.ZH)."""

ZH: dict[str, str] = {}
