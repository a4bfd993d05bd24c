"""`cnie show`: highlighted article and item tables, plain when not on a terminal."""
import io
import json
from argparse import Namespace

import pytest
from rich.console import Console

from inspect_fixtures import hostile, make_output, tongzhou
from pipeline.inspect.items import nest
from pipeline.inspect.show import ShowError, output_candidates, show, show_main


def _write(path, doc):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _run(path, terminal: bool) -> str:
    buf = io.StringIO()
    show(path, Console(file=buf, force_terminal=terminal, width=120,
                       color_system="truecolor" if terminal else None))
    return buf.getvalue()


def test_plain_output_brackets_every_span_and_lists_every_field(tmp_path):
    out = _run(_write(tmp_path / "a.json", tongzhou()), terminal=False)
    assert "\x1b[" not in out
    assert "⟦⟦通州⟧e2实现地区生产总值880.5亿元,同比(下同)增长7.8%⟧m1" in out
    assert "⟦确保新招引科创项目180个以上⟧t1" in out
    assert "⟦张建华⟧e1" in out
    for cell in ("880.5亿元", "88050000000元", "7.8% 同比", "上半年", "通州区",
                 "metric.level_then_change", ">= 180个", "target.goal_quantity",
                 "区委书记", "entity.title_name", "parts_exceed_whole"):
        assert cell in out
    # One table row per item, not folded over several lines.
    assert any(line.lstrip().startswith("m1 ") and "metric.level_then_change" in line
               for line in out.splitlines())


def test_terminal_output_colours_spans_without_brackets(tmp_path):
    out = _run(_write(tmp_path / "a.json", tongzhou()), terminal=True)
    assert "\x1b[" in out and "⟦" not in out
    assert "legend:" in out


def test_hostile_text_is_shown_literally_and_cannot_drive_the_terminal(tmp_path):
    doc = make_output("esc", "Ho\x1b]0;pwned\x07\x9b2J 地区生产总值9亿元\r\n",
                      metrics=[{"text": "地区生产总值9亿元", "value": 9, "unit": "亿元"}])
    out = _run(_write(tmp_path / "e.json", doc), terminal=True)
    assert "\x1b]" not in out and "\x07" not in out and "\x9b" not in out and "\r" not in out
    assert "␛]0;pwned␇" in out
    plain = _run(_write(tmp_path / "h.json", hostile()), terminal=False)
    # rich markup in the article or rule output stays text
    assert "[red]x[/red]" in plain and "⟦<script>window.__pwned=1</script>⟧e1" in plain
    assert "metric.</script><script>window.__pwned=4</script>" in plain


def test_article_path_finds_the_mirrored_output(tmp_path, monkeypatch):
    _write(tmp_path / "outputs" / "sub" / "a.json", tongzhou())
    article = tmp_path / "corpus" / "sub" / "a.txt"
    assert output_candidates(article) == [tmp_path / "outputs" / "sub" / "a.json"]
    monkeypatch.chdir(tmp_path)
    assert "880.5亿元" in _run(article.relative_to(tmp_path), terminal=False)


def test_article_without_output_says_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ShowError, match=r"no output for corpus/b\.txt: expected outputs/b\.json"):
        show("corpus/b.txt", Console(file=io.StringIO()))
    assert show_main(Namespace(path="corpus/b.txt")) == 2
    err = capsys.readouterr().err
    assert err.startswith("cnie show: no output for corpus/b.txt") and err.count("\n") == 1


@pytest.mark.parametrize("content, message", [
    (None, "no such output file"), ("{not json", "not readable as JSON"),
    ('{"id": "x"}', "not a cnie output"), ('{"schema_version": 9, "text": ""}', "not supported"),
])
def test_bad_output_files_exit_2_naming_the_file(tmp_path, capsys, content, message):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content)
    assert show_main(Namespace(path=str(path))) == 2
    err = capsys.readouterr().err
    assert message in err and str(path) in err


def test_nest_cuts_crossing_spans_and_keeps_every_character():
    text = "abcdefgh"
    tree = nest(text, [(1, 5, "A"), (3, 7, "B"), (3, 4, "C"), (6, 6, "empty"), (7, 99, "out")])

    def flat(nodes, keys=()):
        for node in nodes:
            if isinstance(node, str):
                yield from ((ch, keys) for ch in node)
            else:
                yield from flat(node["children"], keys + (node["key"],))
    chars = list(flat(tree))
    assert "".join(c for c, _ in chars) == text
    assert [set(k) for _, k in chars] == [set(), {"A"}, {"A"}, {"A", "B", "C"}, {"A", "B"},
                                          {"B"}, {"B"}, set()]
