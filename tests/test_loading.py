"""The segmenter's tables loaded from the start-up caches (pipeline/text/loading.py) are the
tables jieba itself builds: the same prefix dictionary and total, the same tag of every word;
and a missing or damaged cache is rebuilt, never trusted."""
from __future__ import annotations

import importlib

import pytest

from pipeline.text import loading


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", ["jieba", "jieba_fast"])
def test_the_prefix_dictionary_is_the_one_jieba_initializes(name, cache_dir):
    module = importlib.import_module(name) if name == "jieba" else pytest.importorskip(name)
    own = module.Tokenizer()
    own.initialize()
    for _ in range(2):                    # built and written, then read back from the file
        ours = module.Tokenizer()
        loading.initialize(ours)
        assert ours.initialized and ours.total == own.total and ours.FREQ == own.FREQ
    assert len(list(cache_dir.glob("cnie-*prefix-dict-*.marshal"))) == 1


def test_the_tag_table_is_the_one_posseg_reads(cache_dir):
    posseg = loading.posseg_module("jieba")
    own = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    own.word_tag_tab = {}
    own.load_word_tag(posseg.dt.tokenizer.get_dict_file())
    assert posseg.dt.word_tag_tab == own.word_tag_tab      # the module's tagger is whole
    assert loading.word_tags(posseg, posseg.dt.tokenizer) == own.word_tag_tab
    assert [(p.word, p.flag) for p in posseg.dt.cut("南通市统计局发布数据")][0] == ("南通市", "ns")


def test_a_damaged_cache_is_rebuilt(cache_dir):
    calls = []
    build = lambda: calls.append(1) or {"建": "v"}   # noqa: E731
    assert loading._cached("test", b"abc", build) == {"建": "v"}
    (path,) = cache_dir.glob("cnie-test-*.marshal")
    assert loading._cached("test", b"abc", build) == {"建": "v"} and len(calls) == 1
    path.write_bytes(b"\x00garbage")
    assert loading._cached("test", b"abc", build) == {"建": "v"} and len(calls) == 2
    assert loading._cached("test", b"abd", build) and len(calls) == 3   # other bytes, other file


def test_pkg_resources_stays_importable_after_loading_jieba():
    loading.segmenter_module("jieba")
    import sys
    assert sys.modules.get("pkg_resources", "absent") is not None
