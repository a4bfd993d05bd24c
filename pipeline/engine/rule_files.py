"""Reading rule files as a rule author writes them: word lists, sub-patterns, TOML, lines.

tomllib gives values, not positions, so the lines of a rule's keys are found in the text:
a rule's table runs from its `[[rule]]` header to the next one. Files saved by Windows tools
are accepted as they are: a BOM is dropped and CRLF line ends read as plain ones. Problems go
to the caller's list as `FILE:LINE name: message`; rules.py checks the rules themselves.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path

import regex

from pipeline import caches

# Zero-width and format characters: invisible in an editor, fatal to a match.
_INVISIBLE = regex.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_TOML_AT = regex.compile(r"line (\d+), column (\d+)")
_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
# A lexicon's format comment may declare what its second column says: `# values: legal, brand`.
_VALUES = regex.compile(r"^#\s*values:\s*([^(#]+)")


@dataclass
class Lexicon:
    name: str
    entries: list[str]                                    # first column, file order
    columns: dict[str, list[str]] = field(default_factory=dict)   # entry -> other columns
    values: tuple[str, ...] = ()      # what the second column may say (`# values:` line); () = any
    lines: dict[str, int] = field(default_factory=dict)           # entry -> its line

    def extended(self, more: "Lexicon") -> "Lexicon":
        """This list with a user's entries added (a user's word list extends the shipped one,
        and keeps its declared column values)."""
        entries = self.entries + [w for w in more.entries if w not in set(self.entries)]
        return Lexicon(self.name, entries, {**self.columns, **more.columns},
                       self.values or more.values, {**self.lines, **more.lines})

    def check_values(self, path: Path, problems: list[str], values: tuple[str, ...]) -> None:
        """A second column the code reads must say one of the declared values: `| legel` for
        `| legal` would otherwise be read as no value at all."""
        for word, cols in self.columns.items():
            if values and cols[0] not in values:
                near = get_close_matches(cols[0], values, n=1)
                hint = f"did you mean {near[0]!r}?" if near else f"one of {', '.join(values)}"
                problems.append(f"{path}:{self.lines.get(word, 1)} {self.name}: entry {word!r}: "
                                f"column {cols[0]!r} is not a value this list takes ({hint})")


def decode(path: Path, name: str, problems: list[str]) -> str | None:
    """The file's text without a BOM and with CRLF as LF; None (and a problem) if not UTF-8."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        problems.append(f"{path}:{line} {name}: not UTF-8 ({err.reason} at byte {err.start}); "
                        "save the file as UTF-8")
        return None


def read_lexicon(path: Path, problems: list[str]) -> Lexicon:
    """One entry per line; `#` starts a comment; optional extra columns after ` | `."""
    name = path.stem
    entries, columns, seen, lines, values = [], {}, set(), {}, ()
    text = decode(path, name, problems)
    for no, line in enumerate((text or "").splitlines(), 1):
        declared = _VALUES.match(line.strip())
        if declared:
            values = tuple(v.strip() for v in declared.group(1).split(",") if v.strip())
        body = line.split("#", 1)[0]
        body = body.rstrip() if "#" in line else body      # spaces before a comment are fine
        if not body.strip():
            continue
        where = f"{path}:{no} {name}"
        if body != body.strip():
            problems.append(f"{where}: stray spaces around {body.strip()!r}")
        parts = [p.strip() for p in body.split("|")]
        word = parts[0]
        if any(ch.isspace() for ch in word):
            problems.append(f"{where}: entry {word!r} contains a space")
        for ch in sorted(set(_INVISIBLE.findall(word))):
            problems.append(f"{where}: entry {word!r} contains an invisible character "
                            f"U+{ord(ch):04X} ({unicodedata.name(ch, 'format character').lower()})")
        if word in seen:
            problems.append(f"{where}: duplicate entry {word!r}")
        seen.add(word)
        entries.append(word)
        lines[word] = no
        if len(parts) > 1:
            columns[word] = parts[1:]
    return Lexicon(name, entries, columns, values, lines)


def read_toml(path: Path, problems: list[str]) -> tuple[dict, str]:
    """The parsed file and its text; on a syntax error, a problem with line, column and caret."""
    text = decode(path, "-", problems)
    if text is None:
        return {}, ""
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's tomllib says where only in its message: "(at line 3, column 10)"
        m = _TOML_AT.search(str(err))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (len(text.splitlines()) or 1, 0)
        shown = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        problems.append(f"{path}:{line} -: TOML syntax: {err}" + caret(shown, col - 1))
        return {}, text


def caret(source: str, pos: int) -> str:
    """The source on its own line and a ^ under character POS (CJK characters are two columns
    wide in a terminal, so the caret is placed by display width)."""
    if not source or pos < 0 or pos > len(source):
        return ""
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in source[:pos])
    return f"\n    {source}\n    {' ' * width}^"


def _bare(line: str) -> str:
    return line.replace(" ", "").replace("\t", "")


def table_lines(text: str) -> list[int]:
    """The line number of every `[[rule]]` header, in order: table N of the file starts there."""
    return [no for no, line in enumerate(text.splitlines(), 1) if _bare(line).startswith("[[rule]]")]


def key_line(text: str, key: str, start: int = 1) -> int:
    """The line of `KEY =` in the table that starts at line START (top level: START = 1),
    or START when the key is not written on a line of its own."""
    lines = text.splitlines()
    for no in range(start, len(lines) + 1):
        bare = _bare(lines[no - 1])
        if no > start and bare.startswith("[[rule]]"):
            break
        if bare.startswith((key + "=", f'"{key}"=')):
            return no
    return start


def alternation(words: list[str]) -> str:
    """One regex alternative per word, longest first, each escaped. Extractors ask for the
    same word lists' alternations on every article: remembered (escaping is the cost)."""
    return _alternation(tuple(words))


@lru_cache(maxsize=1024)
def _alternation(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def expand(source: str, named: dict[str, str], depth: int = 0) -> str:
    """Replace every {name} with its sub-pattern; unknown names raise KeyError."""
    if depth > 10:
        raise ValueError("sub-patterns refer to each other in a loop")
    def sub(m):
        return "(?:" + expand(named[m.group(1)], named, depth + 1) + ")"
    return _REF.sub(sub, source)


def compile_error(source: str, err: regex.error) -> str:
    """The error placed in the pattern as written: the expanded pattern's positions mean
    nothing to the author, so compile again with each {name} as a plain group of its length."""
    plain = _REF.sub(lambda m: "(" + "x" * len(m.group(1)) + ")", source)
    try:
        regex.compile(plain, regex.V0)
    except regex.error as own:
        return str(own) + caret(source, own.pos if own.pos is not None else -1)
    return f"{err} (inside a sub-pattern it uses)"


def read_words(folders: list[Path], problems: list[str], hasher) -> tuple[dict, dict]:
    """Lexicons (a user's list extends the shipped one of that name) and the sub-patterns of
    patterns.toml (a user's replaces the shipped one of that name, with where it is written)."""
    lexicons: dict[str, Lexicon] = {}
    sources: dict[str, tuple[str, str]] = {}
    for folder in folders:
        for path in sorted((folder / "lexicons").glob("*.txt")):
            hasher.update(path.read_bytes())
            lex = read_lexicon(path, problems)
            lexicons[lex.name] = lexicons[lex.name].extended(lex) if lex.name in lexicons else lex
            lex.check_values(path, problems, lexicons[lex.name].values)
        path = folder / "patterns.toml"
        if path.exists():
            hasher.update(path.read_bytes())
            data, text = read_toml(path, problems)
            for key in sorted(set(data) - {"patterns"}):
                problems.append(f"{path}:{key_line(text, key)} -: unknown top-level key {key!r} "
                                "(sub-patterns go under [patterns])")
            for name, source in data.get("patterns", {}).items():
                where = f"{path}:{key_line(text, name)} {name}"
                if isinstance(source, str) and source:
                    sources[name] = (source, where)
                else:
                    problems.append(f"{where}: a sub-pattern must be a non-empty string")
    return lexicons, sources


def check_patterns(sources: dict, named: dict[str, str], problems: list[str]) -> None:
    for name, (source, where) in sources.items():
        try:
            compiled = caches.compile_pattern(expand(source, named), regex.V0)
        except KeyError as err:
            problems.append(f"{where}: unknown sub-pattern {{{err.args[0]}}}")
            continue
        except ValueError as err:
            problems.append(f"{where}: {err}")
            continue
        except regex.error as err:
            problems.append(f"{where}: pattern does not compile: {compile_error(source, err)}")
            continue
        if compiled.groupindex:
            problems.append(f"{where}: a sub-pattern must not name groups "
                            f"({', '.join(compiled.groupindex)}): the rule that uses it names what it captures")
