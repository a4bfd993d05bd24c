"""`cnie show`: one article in the terminal, spans highlighted, then its item tables.

On a terminal each kind gets a background colour; when output goes to a pipe or a
file the same layout is printed without escape codes and each span is bracketed as
⟦text⟧m1, so the output stays readable and greppable.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from rich import box
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from pipeline.inspect.items import COLUMNS, check_row, marks, nest, row
from pipeline.inspect.output_files import KINDS, SINGULAR, OutputError, load_output

STYLES = {"metrics": Style.parse("black on #a8d1ff"),
          "targets": Style.parse("black on #ffd59e"),
          "entities": Style.parse("black on #b8ecb0 underline")}

# Article text and rule output are untrusted: an escape sequence in a news article
# must not reach the terminal. Each control character becomes a visible stand-in
# (C0 -> its control picture, so ESC shows as ␛); CR is dropped so CRLF files print
# as plain lines. Bidi overrides could reorder what the reader sees, so they go too.
_SAFE = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_SAFE.update({0x0D: None, 0x7F: "\u2421"})
_SAFE.update({c: "\ufffd" for c in [*range(0x80, 0xA0), *range(0x202A, 0x202F),
                                    *range(0x2066, 0x206A)]})


def safe(text: str) -> str:
    return text.translate(_SAFE)


class ShowError(Exception):
    """What the user asked for cannot be shown; the message says why, naming the path."""


def output_candidates(article: Path) -> list[Path]:
    """Where `cnie run` would have written the output for an article .txt.

    corpus/a/b.txt -> outputs/a/b.json beside that corpus folder (docs/output.md);
    a .txt outside any `corpus` folder is looked for as outputs/NAME.json here.
    """
    for parts in (article.parts, article.resolve().parts):
        if "corpus" in parts:
            at = len(parts) - 1 - parts[::-1].index("corpus")
            return [Path(*parts[:at], "outputs", *parts[at + 1:]).with_suffix(".json")]
    return [Path("outputs", article.name).with_suffix(".json")]


def find_output(path: Path) -> Path:
    if path.suffix == ".json":
        if not path.is_file():
            raise ShowError(f"no such output file: {path}")
        return path
    if path.suffix == ".txt":
        candidates = output_candidates(path)
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        looked = ", ".join(str(c) for c in candidates)
        raise ShowError(f"no output for {path}: expected {looked} (run `cnie run` first)")
    raise ShowError(f"{path}: give an output .json or an article .txt")


def _article_text(doc: dict, plain: bool) -> Text:
    """The text with every span styled (terminal) or bracketed (plain)."""
    out = Text()

    def walk(children: list, style: Style | None) -> None:
        for child in children:
            if isinstance(child, str):
                out.append(safe(child), style)
                continue
            kind, index = child["key"]
            if plain:
                out.append("⟦")
                walk(child["children"], None)
                out.append("⟧" + safe(str(doc[kind][index].get("id", ""))))
            else:
                walk(child["children"], Style.combine([style or Style(), STYLES[kind]]))

    walk(nest(doc["text"], marks(doc)), None)
    return out


def _table(title: str, header: list[str], rows: list[list[str]], plain: bool) -> Table:
    table = Table(title=title, title_justify="left", box=box.ASCII2 if plain else box.SIMPLE_HEAD,
                  show_edge=not plain, header_style="bold")
    for name in header:
        table.add_column(name, overflow="fold")
    for cells in rows:
        # Text(), not str: a str cell would be parsed as rich markup ("[red]" in an article).
        table.add_row(*(Text(safe(cell)) for cell in cells))
    return table


def _print_table(console: Console, table: Table, plain: bool) -> None:
    # A pipe reports 80 columns, which folds every cell of a ten-column table; files
    # and pagers cope with long lines, so plain tables get room to stay one line a row.
    # Console.print caps width at the console's, so render on a wide scratch console.
    if not plain:
        console.print(table)
        return
    wide = Console(file=io.StringIO(), width=max(console.width, 240), color_system=None)
    wide.print(table)
    lines = wide.file.getvalue().splitlines()
    console.out("\n".join(line.rstrip() for line in lines), highlight=False)


def show(path: Path, console: Console | None = None) -> None:
    """Print one article and its items. Raises ShowError if there is nothing to show."""
    console = console or Console()
    plain = not console.is_terminal
    source = find_output(Path(path))
    try:
        doc = load_output(source)
    except OutputError as exc:
        raise ShowError(str(exc)) from exc

    src = doc.get("source") or {}
    head = Text(safe(str(doc.get("id", source.stem))), style="bold")
    head.append(safe(f"  {src.get('path', '')}  ({source})"), style="dim")
    console.print(head, soft_wrap=True)
    if not plain:
        legend = Text("legend: ")
        for kind in KINDS:
            legend.append(f" {SINGULAR[kind]} ", STYLES[kind]).append(" ")
        console.print(legend)
    console.print()
    # soft_wrap: never break the article's own lines, the terminal wraps them itself.
    console.print(_article_text(doc, plain), soft_wrap=True)
    console.print()
    for kind in KINDS:
        items = doc[kind]
        if not items:
            console.print(Text(f"no {kind}", style="dim"))
            continue
        _print_table(console, _table(f"{kind} ({len(items)})", list(COLUMNS[kind]),
                                     [row(kind, item) for item in items], plain), plain)
    if doc["checks"]:
        _print_table(console, _table(f"checks ({len(doc['checks'])})", ["kind", "message", "items"],
                                     [check_row(c) for c in doc["checks"]], plain), plain)


def show_main(args) -> int:
    """`cnie show PATH`: 0 when shown, 2 (with one line on stderr) when it cannot be."""
    try:
        show(Path(args.path))
    except ShowError as exc:
        print(f"cnie show: {exc}", file=sys.stderr)
        return 2
    return 0
