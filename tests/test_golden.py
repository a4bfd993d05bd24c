"""The seed article's output, compared whole with a reviewed copy (tests/golden/).

After an intended change, regenerate with CNIE_UPDATE_GOLDEN=1 and review the diff."""
import json
import os

from pipeline.batch import article_json

from conftest import CORPUS, ROOT

GOLDEN = ROOT / "tests" / "golden" / "000_0d6ca765d7ace66e.json"


def stable(data: dict) -> dict:
    """Drop what changes with the machine, not the extraction (paths, package versions)."""
    return {k: v for k, v in data.items() if k not in ("source", "versions")}


def test_seed_output_matches_golden(rules):
    path = CORPUS / "000_0d6ca765d7ace66e.txt"
    got = stable(article_json(path, path.relative_to(CORPUS), rules, None))
    if os.environ.get("CNIE_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for kind in ("metrics", "targets", "entities"):
        assert got[kind] == want[kind], f"{kind} differ from {GOLDEN.name}"
    assert got["text"] == want["text"]


def test_readme_shows_the_seeds_first_metric_as_it_is(rules):
    """The tour in README.md quotes the seed's first metric: it must stay what `run` writes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = json.loads(readme.split("```json\n", 1)[1].split("```", 1)[0])
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["metrics"][0]
    assert shown == want
