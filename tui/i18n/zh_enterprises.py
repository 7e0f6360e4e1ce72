"""简体中文: the enterprises screens and their services (merged into tui.i18n.zh_CN.ZH)."""

ZH: dict[str, str] = {}
