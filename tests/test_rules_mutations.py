"""Validation matches behaviour: each edit a rule author might make to the shipped rules is
either refused by `rules check` with FILE:LINE and the rule id (or list name), or the rules it
gives run cleanly over corpus/ (no crash, no timeout)."""
import shutil

import pytest

from pipeline.engine import matching
from pipeline.engine.rules import SHIPPED, RuleFileError, load
from pipeline.stages import process
from tests.conftest import CORPUS

TOWN = "(?:镇|乡(?![村亲下镇土])|街道"
# (file, text to replace, replacement, what the problem names: rule id or list name); None
# for an edit that is valid and must run.
MUTATIONS = {
    "drop a pattern": ("metrics.toml", 'id = "metric.change_only"\npriority = 5\npattern', 'id = "metric.change_only"\npriority = 5\npatron', "metric.change_only"),
    "drop a type": ("entities_places.toml", 'type = "place"\npriority = 1\nfields = { check = "town"', 'priority = 1\nfields = { check = "town"', "entity.place.town"),
    "misspell a check": ("entities_places.toml", 'check = "town"', 'check = "twon"', "entity.place.town"),
    "misspell the anchor": ("entities_places.toml", 'anchor = "word_start" }\npattern = \'(?P<name>\\p{Han}{2,4}?(?:镇',
                            'anchor = "wordstart" }\npattern = \'(?P<name>\\p{Han}{2,4}?(?:镇', "entity.place.town"),
    "a basis key nobody reads": ("metrics.toml", 'id = "metric.change_only"\n', 'id = "metric.change_only"\nbasis = "同比"\n', "metric.change_only"),
    "a qualifier key nobody reads": ("metrics.toml", 'id = "metric.change_only"\n', 'id = "metric.change_only"\nqualifier = "approx"\n', "metric.change_only"),
    "a text priority": ("metrics.toml", 'id = "metric.change_only"\npriority = 5', 'id = "metric.change_only"\npriority = "5"', "metric.change_only"),
    "a group that fills nothing": ("metrics.toml", "(?P<change>{change})'", "(?P<chnage>{change})'", "metric.change_only"),
    "a catastrophic regex": ("metrics.toml", "(?P<change>{change})'\nexamples = [\n",
                             "(?P<change>{change})(?:a|aa)+b'\nexamples = [\n  { text = \"增长5%" + "a" * 60 + "\", expect = [] },\n",
                             "metric.change_only"),
    "a lexicon column typo": ("lexicons/org_suffix.txt", "股份有限公司 | legal", "股份有限公司 | legel", "org_suffix"),
    "an odd column value": ("lexicons/goal.txt", "拟 | =", "拟 | ≥", "goal"),
    "a lexicon entry with spaces": ("lexicons/org_suffix.txt", "股份有限公司 | legal", "股份 有限公司 | legal", "org_suffix"),
    "a disabled id that names nothing": ("metrics.toml", "\n[[rule]]\n", '\ndisabled = ["metric.nosuch"]\n\n[[rule]]\n', "metric.nosuch"),
    "odd characters in a lexicon entry": ("lexicons/org_suffix.txt", "股份有限公司 | legal", "股份有限公司 | legal\n(*+?[公司]{2}\\ | brand", None),
    "a town ending the code does not list": ("entities_places.toml", TOWN + "))'", TOWN + "|寨))'", None),
}


def _mutated(tmp_path, file, old, new):
    folder = tmp_path / "rules"
    shutil.copytree(SHIPPED, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the shipped {file} changed: update this mutation"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, path


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_mutation_is_refused_or_runs(tmp_path, name, monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.5)     # CPU seconds: a runaway is found sooner
    file, old, new, named = MUTATIONS[name]
    folder, path = _mutated(tmp_path, file, old, new)
    try:
        rules = load(shipped=folder)
    except RuleFileError as err:
        assert named is not None, f"a valid edit was refused: {err}"
        mine = [p for p in err.problems if p.startswith(f"{path}:") or f" {named}:" in p]
        assert mine, err.problems
        assert any(p.split(" ", 1)[0].rsplit(":", 1)[1].isdigit() and f" {named}:" in p for p in mine), mine
        return
    assert named is None, f"rules check accepted: {name}"
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for text in texts + ["项目落在城西镇、白沙村和东湖街道。"]:
        process(text, rules)
