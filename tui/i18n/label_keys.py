"""What typing matches in a translated label: the search keys of the Chinese catalogue's labels
(each as written, in full pinyin and in initials, ``models.search.search_key``), kept in
``label_keys.json`` beside this module, so that a dialog that matches what is typed against its
labels (the quick filters', ``f``) never loads pypinyin (about 55 MB) into a session.

Built from the catalogue's ``.po`` by ``python -m tui.i18n.label_keys``, which writes the file again;
a test keeps it current. A label the file does not hold (longer than ``LONGEST``) is keyed with
pypinyin, as any name is when it is written: slower, never wrong.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from models.search import has_han, search_key

PATH = Path(__file__).with_name("label_keys.json")
#: the longest label kept (the catalogue's sentences are never typed into a dialog's filter)
LONGEST = 16


@cache
def _kept() -> dict[str, str]:
    try:
        kept: dict[str, str] = json.loads(PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept


def label_key(label: str) -> str:
    """``search_key([label])``, read from the file for a Chinese label it holds."""
    kept = _kept().get(label) if has_han(label) else None
    return kept if kept is not None else search_key([label])


def build(locale_dir: Path | None = None) -> dict[str, str]:
    """The keys of every Chinese label of the catalogue up to ``LONGEST`` characters, without a placeholder."""
    from tui.i18n.catalogue import LOCALE_DIR, entries

    texts = entries("zh", locale_dir=locale_dir or LOCALE_DIR).values()
    labels = {text for each in texts for text in each if has_han(text) and len(text) <= LONGEST and "{" not in text}
    return {label: search_key([label]) for label in sorted(labels)}


def written(keys: dict[str, str]) -> str:
    return json.dumps(keys, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> int:
    keys = build()
    PATH.write_text(written(keys), encoding="utf-8")
    print(f"{PATH.name}: {len(keys)} labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
