"""The segmenter's tables loaded from the start-up caches (pipeline/text/loading.py) are the
tables jieba itself builds: the same prefix dictionary and total, the same tag of every word;
and a missing or damaged cache is rebuilt, never trusted."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from pipeline.text import loading


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CNIE_CACHE_DIR", str(tmp_path))
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
    assert len(list(cache_dir.glob("cnie-*tables-*.marshal"))) == 1


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
    assert loading._cached("test", "abc", build) == {"建": "v"}
    (path,) = cache_dir.glob("cnie-test-*.marshal")
    assert loading._cached("test", "abc", build) == {"建": "v"} and len(calls) == 1
    path.write_bytes(b"\x00garbage")
    assert loading._cached("test", "abc", build) == {"建": "v"} and len(calls) == 2
    assert loading._cached("test", "abd", build) and len(calls) == 3   # other bytes, other file


def test_pkg_resources_stays_importable_after_loading_jieba():
    loading.segmenter_module("jieba")
    import sys
    assert sys.modules.get("pkg_resources", "absent") is not None


def _fresh_compiled(monkeypatch):
    from pipeline import caches
    monkeypatch.setattr(caches, "_STORES", {"rules": caches._Store("patterns"),
                                            "extractors": caches._Store("sub-patterns"),
                                            "openings": caches._Store("openings")})
    return caches


def test_a_pattern_from_the_cache_matches_as_a_freshly_compiled_one(cache_dir, monkeypatch):
    import regex
    text = r"(?P<name>\p{Han}{2,4}?(?:镇|乡))(?<!\d)\d{1,3}(?:万|亿)?元"
    compiled = _fresh_compiled(monkeypatch)
    compiled.compile_pattern(text, regex.V0)
    compiled.save_patterns()
    compiled = _fresh_compiled(monkeypatch)       # the next process: read from the file
    stored = compiled.compile_pattern(text, regex.V0)
    assert compiled._STORES["rules"].stored() and not compiled._STORES["rules"].new
    fresh = regex.compile(text, regex.V0)
    sample = "白沙镇12万元,青山乡300元,东岭村5亿元"
    assert (stored.pattern, stored.flags, stored.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
    assert [m.span("name") for m in stored.finditer(sample)] == \
        [m.span("name") for m in fresh.finditer(sample)] == [(0, 3), (8, 11)]


def test_the_extractors_sub_patterns_are_kept_apart_from_the_rules(cache_dir, monkeypatch):
    """A process with the rule set from its pickle reads only the extractors' small file."""
    import regex
    from pipeline.engine.rules import load
    compiled = _fresh_compiled(monkeypatch)
    compiled.compile_pattern("下降")
    load().compile("同比{change}")            # what an extractor compiles, through its rule set
    compiled.save_patterns()
    compiled = _fresh_compiled(monkeypatch)       # the next process
    assert ("下降", 0, regex.DEFAULT_VERSION) in compiled._STORES["rules"].stored()
    assert any(key[0].startswith("同比") for key in compiled._STORES["extractors"].stored())
    assert not any(key[0].startswith("同比") for key in compiled._STORES["rules"].stored())


def test_a_pattern_another_process_needed_stays_in_the_file(cache_dir, monkeypatch):
    """A process that did not use a stored pattern keeps it when it saves: the next process
    that needs it finds it compiled; the file keeps at most twice what the saver used."""
    import regex
    compiled = _fresh_compiled(monkeypatch)
    for text in ("去年", "前年", "大前年"):
        compiled.compile_pattern(text)
    compiled.save_patterns()
    compiled = _fresh_compiled(monkeypatch)       # a process that needs one other pattern
    compiled.compile_pattern("今年")
    compiled.save_patterns()
    compiled = _fresh_compiled(monkeypatch)       # the next one
    stored = compiled._STORES["rules"].stored()
    assert ("今年", 0, regex.DEFAULT_VERSION) in stored
    assert len(stored) == 2 and ("去年", 0, regex.DEFAULT_VERSION) in stored


def test_a_damaged_pattern_cache_is_compiled_again(cache_dir, monkeypatch):
    compiled = _fresh_compiled(monkeypatch)
    (cache_dir / compiled._STORES["rules"].name).write_bytes(b"not a pickle")
    assert compiled.compile_pattern("增长").search("同比增长7%").span() == (2, 4)
    assert compiled._STORES["rules"].new


def test_caches_are_not_kept_in_a_folder_others_can_write(tmp_path, monkeypatch):
    from pipeline import caches
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("CNIE_CACHE_DIR", str(shared))
    assert caches.folder() is None and caches.read("x") is None
    caches.write("x", b"1")
    assert not (shared / "x").exists()


def test_the_tag_table_holds_the_prefix_dictionarys_own_strings(cache_dir):
    import jieba
    for _ in range(2):                    # built and written, then read back from the file
        loading._TAGS.clear()
        freq, total, tags = loading._tables("jieba", jieba.Tokenizer())
    held = {id(word) for word in freq}
    assert tags["南通市"] == "ns" and all(id(word) in held for word in tags)


def _copy_rules(tmp_path):
    import shutil
    from pipeline.engine.rules import SHIPPED
    return Path(shutil.copytree(SHIPPED, tmp_path / "rules"))


def test_a_rule_set_from_the_cache_is_the_one_loaded_from_the_files(cache_dir, tmp_path):
    from pipeline.engine.rules import load
    from pipeline.stages import process
    folder = _copy_rules(tmp_path)
    first = load(shipped=folder)                          # read, checked, then kept
    assert len(list(cache_dir.glob("cnie-rules-*.pickle"))) == 1
    again = load(shipped=folder)                          # from the cache
    assert again is not first and again.digest == first.digest
    assert [(r.id, r.pattern.pattern, r.file) for r in again.all_rules()] == \
        [(r.id, r.pattern.pattern, r.file) for r in first.all_rules()]
    text = "宏昌集团2023年上半年营收增长5%"
    found = [(e["text"], e.rule) for e in process(text, again).entities]
    assert found == [(e["text"], e.rule) for e in process(text, first).entities] and found


def test_an_edited_rule_file_is_never_served_from_the_old_cache(cache_dir, tmp_path):
    from pipeline.engine.rules import RuleFileError, load
    folder = _copy_rules(tmp_path)
    before = load(shipped=folder)
    lexicon = folder / "lexicons" / "org_suffix.txt"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "联社\n", encoding="utf-8")
    after = load(shipped=folder)
    assert "联社" in after.words("org_suffix") and "联社" not in before.words("org_suffix")
    broken = folder / "entities_broken.toml"
    broken.write_text('[[rule]]\nid = "entity.broken"\npattern = "(?P<name>"\n', encoding="utf-8")
    with pytest.raises(RuleFileError):                    # a rule set with problems is not kept
        load(shipped=folder)
    assert len(list(cache_dir.glob("cnie-rules-*.pickle"))) == 2


def test_our_words_from_the_cache_leave_the_tokenizer_as_adding_them_does(cache_dir):
    import jieba
    words = ("宏昌集团", "沃太能源", "高新区", "新材料产业园")
    own = jieba.Tokenizer()
    loading.initialize(own)
    loading.add_words(own, words)
    for _ in range(2):                    # built and written, then read back from the file
        ours = jieba.Tokenizer()
        loading.initialize(ours, words)
        assert ours.total == own.total and ours.FREQ == own.FREQ
        assert list(ours.FREQ) == list(own.FREQ)            # the same order too
    assert len(list(cache_dir.glob("cnie-jieba-words-*.marshal"))) == 1
    assert [w for w, _, _ in ours.tokenize("沃太能源落户高新区")][0] == "沃太能源"


def test_a_sub_patterns_opening_is_kept_for_the_next_process(cache_dir, monkeypatch):
    """firsts.refusing reads a sub-pattern's first characters once: the next process finds
    the class in the openings file and refuses the same calls."""
    import regex
    from pipeline.engine.firsts import refusing
    compiled = _fresh_compiled(monkeypatch)
    pattern = regex.compile(r"(?:约|近)\d+元")
    assert refusing(pattern, "match", pattern.match)("共5元") is None
    compiled.save_patterns()
    compiled = _fresh_compiled(monkeypatch)       # the next process
    assert any(value for value in compiled._STORES["openings"].stored().values())
    guarded = refusing(pattern, "match", pattern.match)
    assert guarded("共5元") is None and guarded("约5元").span() == (0, 3)
