"""Load and validate the rule files under rules/: every problem at once, before any article.

Layout (each file opens with a comment describing its own format):
  rules/patterns.toml      [patterns] name = 'regex': sub-patterns any rule may use as {name}
  rules/lexicons/NAME.txt  word lists, one entry per line; {NAME} in a pattern is the
                           alternation of the entries, longest first, each escaped
  rules/<kind>.toml        [[rule]] tables: id, pattern, examples (kind = file name)

A problem is reported as `FILE:LINE rule-id: message`.
"""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex

SHIPPED = Path(__file__).resolve().parent.parent / "rules"
KINDS = ("quantities", "metrics", "targets", "entities")
# Named groups a rule may use, per kind; a group outside these is a typo that maps to nothing.
GROUPS = {
    "quantities": {"quantity"},
    "metrics": {"indicator", "level", "change", "change2", "subjects", "values", "shared"},
    "targets": {"verb", "deadline", "scope"},
    "entities": {"name", "title", "titles", "suffix", "code", "short"},
}
RULE_KEYS = {"id", "pattern", "priority", "examples", "type", "description", "fields", "comparator",
             "basis", "qualifier"}
EXAMPLE_KEYS = {"text", "expect", "date", "note"}
_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")


class RuleFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Rule:
    id: str
    kind: str
    pattern: regex.Pattern
    source: str              # the pattern as written, before {name} expansion
    file: str
    line: int
    priority: int = 0
    examples: list[dict] = field(default_factory=list)
    options: dict = field(default_factory=dict)


@dataclass
class Lexicon:
    name: str
    entries: list[str]                                    # first column, file order
    columns: dict[str, list[str]] = field(default_factory=dict)   # entry -> other columns


@dataclass
class RuleSet:
    rules: dict[str, list[Rule]]
    lexicons: dict[str, Lexicon]
    patterns: dict[str, str]
    digest: str

    def user_words(self) -> tuple[str, ...]:
        return self._user_words

    @cached_property
    def _user_words(self) -> tuple[str, ...]:
        """Lexicon entries jieba should keep whole: the words of two characters or more."""
        words = {w for lex in self.lexicons.values() for w in lex.entries if len(w) >= 2}
        return tuple(sorted(words))

    def compile(self, source: str) -> regex.Pattern:
        """A pattern written with {name} sub-patterns, compiled once per rule set (code that
        reads a matched stretch again, e.g. a quantity's parts, uses the same vocabulary)."""
        cache = self.__dict__.setdefault("_compiled", {})
        if source not in cache:
            cache[source] = regex.compile(expand(source, self.patterns))
        return cache[source]

    def words(self, name: str) -> list[str]:
        return self.lexicons[name].entries if name in self.lexicons else []

    def all_rules(self) -> list[Rule]:
        return [r for kind in KINDS for r in self.rules.get(kind, [])]


def read_lexicon(path: Path, problems: list[str]) -> Lexicon:
    """One entry per line; `#` starts a comment; optional extra columns after ` | `."""
    name = path.stem
    entries, columns, seen = [], {}, set()
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from Windows Notepad is harmless: drop it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(f"{path}:1 {name}: not UTF-8 ({err.reason} at byte {err.start})")
        return Lexicon(name, [])
    for no, line in enumerate(text.splitlines(), 1):
        body = line.split("#", 1)[0].rstrip("\r")
        if not body.strip():
            continue
        if body != body.strip():
            problems.append(f"{path}:{no} {name}: stray spaces around {body.strip()!r}")
        parts = [p.strip() for p in body.split("|")]
        word = parts[0]
        if " " in word or "\t" in word:
            problems.append(f"{path}:{no} {name}: entry {word!r} contains a space")
        if word in seen:
            problems.append(f"{path}:{no} {name}: duplicate entry {word!r}")
        seen.add(word)
        entries.append(word)
        if len(parts) > 1:
            columns[word] = parts[1:]
    return Lexicon(name, entries, columns)


def alternation(words: list[str]) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def expand(source: str, named: dict[str, str], depth: int = 0) -> str:
    """Replace every {name} with its sub-pattern; unknown names raise KeyError."""
    if depth > 10:
        raise ValueError("sub-patterns refer to each other in a loop")
    def sub(m):
        return "(?:" + expand(named[m.group(1)], named, depth + 1) + ")"
    return _REF.sub(sub, source)


def line_of(text: str, rule_id: str, key: str | None = None) -> int:
    """The line of `id = "rule_id"` in a TOML file, or of KEY in that rule's table when given
    (tomllib gives values, not positions)."""
    lines = [line.replace(" ", "") for line in text.splitlines()]
    at = next((no for no, line in enumerate(lines) if line in (f'id="{rule_id}"', f"id='{rule_id}'")), None)
    if at is None:
        return 1
    if key:
        start = at
        while start > 0 and not lines[start].startswith("[[rule]]"):
            start -= 1
        for no in range(start + 1, len(lines)):
            if lines[no].startswith("[[rule]]"):
                break
            if lines[no].startswith(key + "="):
                return no + 1
    return at + 1


def read_toml(path: Path, problems: list[str]) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's tomllib says where only in its message: "(at line 3, column 10)"
        m = regex.search(r"line (\d+), column (\d+)", str(err))
        line = int(m.group(1)) if m else len(text.splitlines()) or 1
        problems.append(f"{path}:{line} -: TOML syntax: {err}")
        return {}, text


def compile_rule(path: Path, text: str, table: dict, kind: str, named: dict[str, str],
                 problems: list[str]) -> Rule | None:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        problems.append(f"{path}:1 -: a [[rule]] without an id")
        return None
    line = line_of(text, rule_id)
    where = f"{path}:{line} {rule_id}"
    before = len(problems)
    for key in sorted(set(table) - RULE_KEYS):
        problems.append(f"{path}:{line_of(text, rule_id, key)} {rule_id}: unknown key {key!r} "
                        f"(known: {', '.join(sorted(RULE_KEYS))})")
    where = f"{path}:{line_of(text, rule_id, 'pattern')} {rule_id}"
    source = table.get("pattern")
    if not isinstance(source, str) or not source:
        problems.append(f"{where}: missing pattern")
        return None
    try:
        compiled = regex.compile(expand(source, named), regex.V0)
    except KeyError as err:
        problems.append(f"{where}: unknown sub-pattern {{{err.args[0]}}}")
        return None
    except (regex.error, ValueError) as err:
        caret = f"\n    {source}\n    {' ' * (getattr(err, 'pos', 0) or 0)}^" if getattr(err, "pos", None) is not None and err.pos <= len(source) else ""
        problems.append(f"{where}: pattern does not compile: {err}{caret}")
        return None
    for group in sorted(set(compiled.groupindex) - GROUPS[kind]):
        problems.append(f"{where}: group (?P<{group}>…) maps to no field of {kind} "
                        f"(known: {', '.join(sorted(GROUPS[kind]))})")
    if compiled.search("") is not None:
        problems.append(f"{where}: pattern can match the empty string")
    where = f"{path}:{line_of(text, rule_id, 'examples')} {rule_id}"
    examples = table.get("examples")
    if not examples:
        problems.append(f"{where}: no examples (each rule needs at least one, positive or negative)")
        examples = []
    for i, ex in enumerate(examples):
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            problems.append(f"{where}: example {i + 1} needs a text")
            continue
        for key in sorted(set(ex) - EXAMPLE_KEYS):
            problems.append(f"{where}: example {i + 1}: unknown key {key!r}")
        if not isinstance(ex.get("expect", []), list):
            problems.append(f"{where}: example {i + 1}: expect must be a list of tables")
    if len(problems) > before:
        return None
    options = {k: v for k, v in table.items() if k not in ("id", "pattern", "priority", "examples")}
    return Rule(rule_id, kind, compiled, source, str(path), line, int(table.get("priority", 0)),
                list(examples), options)


def load(user_dir: Path | str | None = None, shipped: Path = SHIPPED) -> RuleSet:
    """The shipped rules, with a user's folder layered over them; raise RuleFileError listing
    every problem. A user file adds rules; a rule with a shipped id replaces it;
    `disabled = ["id", ...]` at the top of a user file switches rules off."""
    problems: list[str] = []
    folders = [Path(shipped)] + ([Path(user_dir)] if user_dir else [])
    for folder in folders:
        if not folder.is_dir():
            raise RuleFileError([f"{folder}:0 -: rules folder not found"])
    lexicons, patterns, hasher = {}, {}, hashlib.sha256()
    for folder in folders:
        for path in sorted((folder / "lexicons").glob("*.txt")):
            hasher.update(path.read_bytes())
            lexicons[path.stem] = read_lexicon(path, problems)
        if (folder / "patterns.toml").exists():
            data, _ = read_toml(folder / "patterns.toml", problems)
            hasher.update((folder / "patterns.toml").read_bytes())
            patterns.update(data.get("patterns", {}))
    named = {name: alternation(lex.entries) for name, lex in lexicons.items()}
    named.update(patterns)
    tables, disabled = {}, set()
    for folder in folders:
        for kind in KINDS:
            for path in sorted(folder.glob(f"{kind}*.toml")):
                hasher.update(path.read_bytes())
                data, text = read_toml(path, problems)
                disabled |= set(data.get("disabled", []))
                for key in sorted(set(data) - {"rule", "disabled"}):
                    problems.append(f"{path}:1 -: unknown top-level key {key!r} (use [[rule]])")
                for table in data.get("rule", []):
                    if table.get("id") in tables and tables[table["id"]][0] == str(path):
                        problems.append(f"{path}:{line_of(text, table['id'])} {table['id']}: duplicate id")
                    tables[table.get("id") or f"?{len(tables)}"] = (str(path), text, table, kind)
    rules: dict[str, list[Rule]] = {kind: [] for kind in KINDS}
    for rule_id, (path, text, table, kind) in tables.items():
        rule = compile_rule(Path(path), text, table, kind, named, problems)
        if rule and rule.id not in disabled:
            rules[kind].append(rule)
    if problems:
        raise RuleFileError(problems)
    return RuleSet(rules, lexicons, named, "sha256:" + hasher.hexdigest()[:16])
