"""`cnie diff OLD NEW`: items added, removed and changed per article, and totals."""
import json

from inspect_fixtures import RUGAO, TONGZHOU, make_output, rugao, tongzhou
from pipeline.cli import main
from pipeline.authoring.diff import diff_folders


def write(folder, docs):
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in docs.items():
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def edited_tongzhou():
    """The same article after a rule edit: a metric gone, a value changed, an entity added."""
    doc = tongzhou()
    gone = doc["metrics"].pop(1)
    doc["metrics"][0]["value"] = 881
    doc["metrics"][0]["rule"] = "metric.mine"          # same span, another rule: still a change
    doc["entities"].append({**doc["entities"][1], "id": "e3", "type": "org", "text": "区委"})
    doc["checks"] = []
    return doc, gone


def test_added_removed_changed_per_article_and_totals(tmp_path):
    new_doc, gone = edited_tongzhou()
    old = write(tmp_path / "old", {"a.json": tongzhou(), "b.json": rugao(), "c.json": rugao()})
    new = write(tmp_path / "new", {"a.json": new_doc, "b.json": rugao(), "d.json": rugao()})
    result = diff_folders(old, new)
    [art] = result["articles"]
    assert art["article"] == "a.json" and art["same_text"]
    assert [i["text"] for i in art["removed"]] == [gone["text"]]
    assert [(i["kind"], i["text"]) for i in art["added"]] == [("entities", "区委")]
    [change] = art["changed"]
    assert change["fields"] == {"value": [880.5, 881], "rule": ["metric.level_then_change", "metric.mine"]}
    assert result["totals"]["metrics"] == {"added": 0, "removed": 1, "changed": 1}
    assert result["only_old"] == ["c.json"] and result["only_new"] == ["d.json"]
    assert result["compared"] == 2


def test_renumbered_ids_and_references_are_not_changes(tmp_path):
    gdp, budget = rugao()["metrics"]
    first = make_output("r", RUGAO, metrics=[{**gdp, "id": "m1"}, {**budget, "id": "m2", "parent": "m1"}])
    second = make_output("r", RUGAO, metrics=[{**budget, "id": "m1", "parent": "m2"}, {**gdp, "id": "m2"}])
    result = diff_folders(write(tmp_path / "o", {"r.json": first}), write(tmp_path / "n", {"r.json": second}))
    assert result["articles"] == []


def test_entities_pair_by_name_when_their_first_mention_moves(tmp_path):
    old = make_output("t", TONGZHOU, entities=[{"text": "通州", "type": "place", "after": 40}])
    new = make_output("t", TONGZHOU, entities=[{"text": "通州", "type": "place", "after": 3}])
    [art] = diff_folders(write(tmp_path / "o", {"t.json": old}), write(tmp_path / "n", {"t.json": new}))["articles"]
    assert not art["added"] and not art["removed"]
    assert list(art["changed"][0]["fields"]) == ["span"]


def test_cli_prints_readable_lines_and_json(tmp_path, capsys):
    new_doc, _ = edited_tongzhou()
    old = write(tmp_path / "old", {"a.json": tongzhou()})
    new = write(tmp_path / "new", {"a.json": new_doc})
    assert main(["diff", str(old), str(new)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "a.json: 1 added, 1 removed, 1 changed"
    assert any(line.startswith("  + entity [") and "区委" in line for line in printed)
    assert any(line.startswith("  - metric [") and "一般公共预算收入" in line for line in printed)
    assert any('value 880.5 -> 881; rule "metric.level_then_change" -> "metric.mine"' in line for line in printed)
    assert printed[-1] == ("1 articles compared, 1 with changes: metrics +0 -1 ~1; "
                           "targets +0 -0 ~0; entities +1 -0 ~0")
    assert main(["diff", str(old), str(new), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["entities"]["added"] == 1
    assert main(["diff", str(old), str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err
