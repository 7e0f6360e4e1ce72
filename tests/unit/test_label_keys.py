"""The keys of the Chinese catalogue's labels are kept in a file (``tui.i18n.label_keys``) so that the
quick filters' dialogs never load pypinyin: the file is the catalogue's labels keyed, and a label's
key, kept or not, is the one ``models.search.search_key`` builds."""

from __future__ import annotations

from models.search import search_key
from tui.i18n import label_keys


def test_the_file_holds_the_catalogues_labels_keyed() -> None:
    assert label_keys.PATH.read_text(encoding="utf-8") == label_keys.written(label_keys.build()), (
        "the Chinese catalogue changed: write the labels' keys again with python -m tui.i18n.label_keys")


def test_a_labels_key_is_its_search_key_kept_or_not() -> None:
    kept = label_keys.build()
    assert {"状态", "区县", "满负荷", "专项组"} <= kept.keys()
    long = "一个比十六个字更长的标签不在文件里面所以要现算"
    assert long not in kept
    for label in ("状态", "区县", "满负荷", "重庆", long, "Status", ""):
        assert label_keys.label_key(label) == search_key([label]), label
    assert label_keys.label_key("状态") == "状态|zhuangtai|zt"
