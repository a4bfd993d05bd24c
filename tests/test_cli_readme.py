"""The README's worked example ("Extending the rules") runs as written: its files are the files
in docs/example_rules/, and every `$ cnie …` command prints what the README shows.

After an intended change, regenerate the shown files and outputs with CNIE_UPDATE_README=1 and
review the README's diff. Timings and the line numbers of shipped rules are not compared."""
import contextlib
import io
import os
import re
import shlex
import shutil

from conftest import ROOT
from pipeline.cli import main

README = ROOT / "README.md"
FILE_BLOCK = re.compile(r"`(docs/example_rules/[^`]+)`:\n\n```(\w+)\n(.*?)```", re.S)
CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
UNSTABLE = [(re.compile(r"\d+\.\d s\b"), "N s"),                         # timings
            (re.compile(r"\b(rules/\w+\.toml):\d+"), r"\1:N"),           # shipped rule lines
            (re.compile(r"^\d+ rules and \d+ lexicons", re.M), "N rules and N lexicons")]


def section() -> tuple[str, int, int]:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Extending the rules")
    end = text.index("\n## ", start + 1)
    return text, start, end


def stable(output: str) -> str:
    for pattern, repl in UNSTABLE:
        output = pattern.sub(repl, output)
    return output


def run(command: str, cwd) -> str:
    """What the command prints, stdout then stderr; run in this process (as `cnie` would run
    it) so that the nine commands share one start-up."""
    argv = shlex.split(command)
    assert argv[0] == "cnie", command
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.pop("CNIE_RULES", None)
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(argv[1:])
    finally:
        if saved is not None:
            os.environ["CNIE_RULES"] = saved
    return out.getvalue() + err.getvalue()


def commands(block: str) -> list[tuple[str, str]]:
    """($ command, the output shown under it) pairs of a console block."""
    pairs = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append([line[2:].strip(), ""])
        else:
            pairs[-1][1] += line
    return [tuple(p) for p in pairs]


def test_shown_files_are_the_example_files():
    text, start, end = section()
    blocks = FILE_BLOCK.findall(text[start:end])
    assert len(blocks) >= 2
    if os.environ.get("CNIE_UPDATE_README"):
        body = FILE_BLOCK.sub(lambda m: f"`{m.group(1)}`:\n\n```{m.group(2)}\n"
                              f"{(ROOT / m.group(1)).read_text(encoding='utf-8')}```", text[start:end])
        README.write_text(text[:start] + body + text[end:], encoding="utf-8")
        text, start, end = section()
    for path, _, shown in FILE_BLOCK.findall(text[start:end]):
        assert shown == (ROOT / path).read_text(encoding="utf-8"), f"README shows an old {path}"


def test_worked_example_commands_print_what_the_readme_shows(tmp_path):
    shutil.copytree(ROOT / "docs" / "example_rules", tmp_path / "docs" / "example_rules")
    text, start, end = section()
    body = text[start:end]
    blocks = CONSOLE.findall(body)
    assert len(blocks) >= 5
    actual = {block: [(cmd, run(cmd, tmp_path)) for cmd, _ in commands(block)] for block in blocks}
    if os.environ.get("CNIE_UPDATE_README"):
        for block, results in actual.items():
            body = body.replace(block, "".join(f"$ {cmd}\n{out}" for cmd, out in results), 1)
        README.write_text(text[:start] + body + text[end:], encoding="utf-8")
        return
    for block, results in actual.items():
        for (cmd, shown), (_, out) in zip(commands(block), results):
            assert stable(out) == stable(shown), f"$ {cmd}\n--- README shows:\n{shown}--- it prints:\n{out}"


SHOW = re.compile(r"```console\n\$ cnie show outputs/(\S+)\.json\n(.*?)```", re.S)


def test_show_example_prints_what_the_readme_shows(tmp_path):
    """The `cnie show` example of "Inspecting the results": its lines (after the … that
    stands for the header) are lines that `cnie show` prints for that corpus article."""
    text = README.read_text(encoding="utf-8")
    name, shown = SHOW.search(text).groups()
    run(f"cnie run {ROOT / 'corpus' / name}.txt -o outputs -j 1", tmp_path)
    printed = run(f"cnie show outputs/{name}.json", tmp_path).splitlines()
    if os.environ.get("CNIE_UPDATE_README"):
        line = next(p for p in printed if "⟧m1" in p)
        text = text.replace(SHOW.search(text).group(0),
                            f"```console\n$ cnie show outputs/{name}.json\n…\n{line}\n```", 1)
        README.write_text(text, encoding="utf-8")
        name, shown = SHOW.search(text).groups()
    wanted = [line for line in shown.splitlines() if line != "…"]
    assert wanted and all(line in printed for line in wanted), "README shows an old cnie show output"
