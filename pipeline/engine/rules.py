"""Load and validate the rule files under rules/: every problem at once, before any article.

Layout (each file opens with a comment describing its own format):
  rules/patterns.toml      [patterns] name = 'regex': sub-patterns any rule may use as {name}
  rules/lexicons/NAME.txt  word lists, one entry per line; {NAME} in a pattern is the
                           alternation of the entries, longest first, each escaped
  rules/<kind>*.toml       [[rule]] tables: id, pattern, examples (kind = start of file name)

A user's folder is layered over the shipped one: its files add rules, a rule with a shipped id
replaces that rule, its word lists extend the shipped lists of the same name, and
`disabled = ["id", ...]` switches rules off. A problem is reported as `FILE:LINE rule-id: message`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cached_property, partial
from pathlib import Path

import regex

from pipeline import caches
from pipeline.engine.after_words import after_word
from pipeline.engine.anchors import rule_anchor
from pipeline.engine.firsts import refusing
from pipeline.engine.not_after import opening
from pipeline.engine.guards import guarded
from pipeline.engine.heads import keep_shared, rule_head
from pipeline.engine.near import rule_near
from pipeline.engine.holds import held, held_words, share_finder
from pipeline.engine.matching import run_sub_pattern
from pipeline.engine.trigger_pass import Triggers
from pipeline.engine.followers import rule_follower
from pipeline.engine.triggers import rule_trigger
from pipeline.engine.rule_checks import (_ONE, check_after_word, check_examples, check_groups,  # noqa: F401
                                         check_keys, check_matches, check_names)
from pipeline.engine.rule_files import (Lexicon, alternation, check_patterns, compile_error, expand,  # noqa: F401
                         key_line, read_toml, read_words, table_lines)

SHIPPED = Path(__file__).resolve().parent.parent.parent / "rules"
KINDS = ("quantities", "metrics", "targets", "entities")


class Words(tuple):
    """A tuple of words that hashes once: the tokenizer and tag caches are keyed by it on
    every call, and a tuple of ~750 words would be hashed afresh each time."""
    def __hash__(self) -> int:
        if "_hash" not in self.__dict__:
            self.__dict__["_hash"] = tuple.__hash__(self)
        return self.__dict__["_hash"]


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
    replaces: str | None = None   # FILE:LINE of the shipped rule this one overrides (--rules)
    # The words every match opens with, as (word, least shift, greatest shift): a match at P
    # holds one at P + shift; and the rule set's automaton that finds them
    # (engine/triggers.py); None: the rule is searched at every position.
    trigger: frozenset | None = field(default=None, repr=False)
    triggers: object = field(default=None, repr=False, compare=False)
    # Words every match holds after a trigger with single characters, in the same form: the
    # rule is tried only where both stand (engine/followers.py).
    follower: frozenset | None = field(default=None, repr=False, compare=False)
    # A group every match holds, to try the rule only just before it (engine/anchors.py).
    anchor: object = field(default=None, repr=False, compare=False)
    # Otherwise, the characters every match opens with, to try the rule only where one
    # stands (engine/firsts.py).
    opening: regex.Pattern | None = field(default=None, repr=False, compare=False)
    # The characters every match holds: a text without one is not searched (engine/holds.py).
    holds: frozenset = field(default=frozenset(), repr=False, compare=False)
    # and the words, one of each clause (政协 or 人大): a text without one is not searched either.
    holds_words: tuple = field(default=(), repr=False, compare=False)
    # and the rule set's finder of every rule's such words: one pass per document (holds.words_in).
    held_finder: object = field(default=None, repr=False, compare=False)
    # The pattern with lookaheads that fail a doomed path at once, what the engine runs
    # (engine/guards.py); None: the pattern as written.
    guarded: regex.Pattern | None = field(default=None, repr=False, compare=False)
    # Where a word of a lexicon lets the rule start (engine/after_words.py); None: anywhere.
    after: object = field(default=None, repr=False, compare=False)
    # The sub-pattern every match opens with, to try the rule only where it matches
    # (engine/heads.py): an anchor with nothing before it.
    head: object = field(default=None, repr=False, compare=False)
    # How far from its start a match holds what it holds, to try the rule only where that
    # stands within reach (engine/near.py).
    near: object = field(default=None, repr=False, compare=False)


@dataclass
class RuleSet:
    rules: dict[str, list[Rule]]
    lexicons: dict[str, Lexicon]
    patterns: dict[str, str]
    digest: str
    disabled: dict[str, str] = field(default_factory=dict)    # rule id -> where it was switched off

    def user_words(self) -> tuple[str, ...]:
        return self._user_words

    @cached_property
    def _user_words(self) -> tuple[str, ...]:
        """Lexicon entries jieba should keep whole: the words of two characters or more; the
        tagger gives the kinds of kind_words.txt jieba's tag of a kind (b), not its `x` for a
        word it learnt without a tag (segment.tag reads .tags)."""
        words = Words(sorted({w for lex in self.lexicons.values() for w in lex.entries if len(w) >= 2}))
        words.__dict__["tags"] = {w: "b" for w in self.words("kind_words")}
        return words

    def compile(self, source: str) -> "Guarded":
        """A pattern written with {name} sub-patterns, compiled once per rule set (code that
        reads a matched stretch again, e.g. a quantity's parts, uses the same vocabulary);
        its searches run under the article's time budget, like the rules' own."""
        cache = self.__dict__.setdefault("_compiled", {})
        if source not in cache:
            compiled = caches.compile_pattern(expand(source, self.patterns), store="extractors")
            cache[source] = Guarded(compiled, source)
        return cache[source]

    def words(self, name: str) -> list[str]:
        return self.lexicons[name].entries if name in self.lexicons else []

    def word_set(self, *names: str) -> frozenset[str]:
        """The words of the lexicons NAMES together ("user_words": user_words()), built once
        per rule set: checks run per candidate and were rebuilding a set of ~750 words each."""
        cache = self.__dict__.setdefault("_word_sets", {})
        if names not in cache:
            cache[names] = frozenset(w for n in names for w in (
                self.user_words() if n == "user_words" else self.words(n)))
        return cache[names]

    def unmarked(self, name: str, mark: str) -> frozenset[str]:
        """The words of lexicon NAME whose columns do not say MARK (hypothetical_marks.txt
        without its `| fact` words), built once per rule set."""
        cache = self.__dict__.setdefault("_unmarked", {})
        if (name, mark) not in cache:
            lex = self.lexicons.get(name)
            cache[name, mark] = frozenset(w for w in (lex.entries if lex else ())
                                          if mark not in lex.columns.get(w, []))
        return cache[name, mark]

    def all_rules(self) -> list[Rule]:
        return [r for kind in KINDS for r in self.rules.get(kind, [])]


_SEARCHING = frozenset({"match", "search", "fullmatch", "sub", "subn", "split", "findall"})


class Guarded:
    """A compiled pattern whose searching methods (match, search, fullmatch, finditer, findall,
    sub, subn, split) are charged to the article's budget (engine/matching.py): the
    sub-patterns a user may rewrite in patterns.toml reach extractor code through here, and
    must not hang an article (issue 9)."""

    def __init__(self, pattern: regex.Pattern, source: str):
        self.pattern, self.source = pattern, source
        self.groupindex = pattern.groupindex
        # Each searching method is the pattern's own, bound to run_sub_pattern once, by a
        # C-level partial: extractors make ~430 such calls per article, and a method on the
        # class that looked the pattern's method up and passed its arguments on was one more
        # Python frame per call (measured with this change and Budget.call's: a short match
        # charged so, 1.44 -> 1.21 µs, of which 0.42 µs is the match itself). A call its
        # first character refuses returns at once (firsts.refusing).
        for name in _SEARCHING:
            charged = partial(run_sub_pattern, source, getattr(pattern, name))
            setattr(self, name, refusing(pattern, name, charged))

    def __getstate__(self) -> dict:
        return {"pattern": self.pattern, "source": self.source}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["pattern"], state["source"])     # (its methods are made, not pickled)

    def _run(self, method, *args, **kwargs):
        return run_sub_pattern(self.source, method, *args, **kwargs)

    def finditer(self, *args, **kwargs):
        """Every match found within the budget at once (a lazy iterator would run its
        searches outside it)."""
        return iter(self._run(lambda *a, **k: list(self.pattern.finditer(*a, **k)), *args, **kwargs))


@dataclass
class _Table:
    """One [[rule]] table as read from its file, before it is compiled."""
    path: Path
    text: str
    table: dict
    line: int              # the line of its [[rule]] header
    kind: str
    folder: Path
    replaces: str | None = None

    def at(self, key: str | None = None) -> str:
        """`FILE:LINE rule-id` of the table, or of KEY in it."""
        rule_id = self.table.get("id") if isinstance(self.table.get("id"), str) else "-"
        return f"{self.path}:{key_line(self.text, key, self.line) if key else self.line} {rule_id}"


def compile_rule(t: _Table, named: dict[str, str], problems: list[str]) -> Rule | None:
    rule_id = t.table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        problems.append(f"{t.at()}: a [[rule]] without an id (add id = \"{_ONE[t.kind]}.some_name\")")
        return None
    before = len(problems)
    check_keys(t, problems)
    compiled = _compile(t, named, problems)
    if compiled is not None:
        check_groups(t, compiled, problems)
        check_matches(t, compiled, problems)
    check_examples(t, problems)
    if compiled is None or len(problems) > before:
        return None
    options = {k: v for k, v in t.table.items() if k not in ("id", "pattern", "priority", "examples")}
    return Rule(rule_id, t.kind, compiled, t.table["pattern"], str(t.path),
                key_line(t.text, "id", t.line), t.table.get("priority", 0),
                list(t.table["examples"]), options, t.replaces)


def _compile(t: _Table, named: dict[str, str], problems: list[str]) -> regex.Pattern | None:
    where, source = t.at("pattern"), t.table.get("pattern")
    if not isinstance(source, str) or not source:
        if not any(get_close_matches(key, ["pattern"]) for key in t.table if key != "pattern"):
            problems.append(f"{where}: missing pattern")    # (a misspelt one is reported already)
        return None
    try:
        return caches.compile_pattern(expand(source, named), regex.V0)
    except KeyError as err:
        problems.append(f"{where}: unknown sub-pattern {{{err.args[0]}}} (not in patterns.toml, "
                        f"and no lexicons/{err.args[0]}.txt)")
    except ValueError as err:
        problems.append(f"{where}: {err}")
    except regex.error as err:
        problems.append(f"{where}: pattern does not compile: {compile_error(source, err)}")
    return None


def _read_tables(folders: list[Path], problems: list[str], hasher) -> tuple[dict, dict]:
    """Every [[rule]] table by id, later folders replacing earlier ones, and the disabled ids
    with where they were switched off."""
    tables: dict[str, _Table] = {}
    disabled: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            if path.name != "patterns.toml" and not path.name.startswith(KINDS):
                problems.append(f"{path}:1 -: not read: a rule file's name starts with the kind of "
                                f"its rules ({', '.join(KINDS)}), e.g. metrics_mine.toml")
        for kind in KINDS:
            for path in sorted(folder.glob(f"{kind}*.toml")):
                hasher.update(path.read_bytes())
                data, text = read_toml(path, problems)
                _read_disabled(path, text, data, disabled, problems)
                for key in sorted(set(data) - {"rule", "disabled"}):
                    problems.append(f"{path}:{key_line(text, key)} -: unknown top-level key {key!r} "
                                    "(each rule is a [[rule]] table; the only other key is disabled)")
                found = data.get("rule", [])
                if not isinstance(found, list):
                    problems.append(f"{path}:{key_line(text, 'rule')} -: write [[rule]], with two brackets, above each rule")
                    continue
                lines = table_lines(text)
                for index, table in enumerate(found):
                    t = _Table(path, text, table, lines[index] if index < len(lines) else 1, kind, folder)
                    rule_id = table.get("id")
                    previous = tables.get(rule_id)
                    if previous is not None and previous.folder == folder:
                        problems.append(f"{t.at('id')}: duplicate id (also {previous.at('id').split()[0]})")
                    elif previous is not None:
                        t.replaces = previous.at("id").split()[0]
                    tables[rule_id if isinstance(rule_id, str) and rule_id else f"?{path}:{index}"] = t
    return tables, disabled


def _read_disabled(path: Path, text: str, data: dict, disabled: dict, problems: list[str]) -> None:
    off = data.get("disabled", [])
    where = f"{path}:{key_line(text, 'disabled')}"
    if not isinstance(off, list) or not all(isinstance(x, str) for x in off):
        problems.append(f"{where} -: disabled must be a list of rule ids, like disabled = [\"metric.change_only\"]")
        return
    disabled.update({rule_id: where for rule_id in off})


def load(user_dir: Path | str | None = None, shipped: Path = SHIPPED) -> RuleSet:
    """The shipped rules, with a user's folder layered over them; raise RuleFileError listing
    every problem. A rule set loaded before from the same files by the same engine code comes
    from the start-up cache (caches.py: one pickle, ~4x faster than reading and checking)."""
    folders = [Path(shipped)] + ([Path(user_dir)] if user_dir else [])
    for folder in folders:
        if not folder.is_dir():
            raise RuleFileError([f"{folder}:0 -: rules folder not found"])
    name = f"cnie-rules-{caches.files_digest(_inputs(folders))}.pickle"
    rule_set = caches.read_pickle(name)
    if not isinstance(rule_set, RuleSet):
        rule_set = _load(folders)             # (a set with problems raised: nothing is kept)
        caches.write_pickle(name, rule_set, keep="cnie-rules-")
    return rule_set


def _inputs(folders: list[Path]) -> list[Path]:
    """Every file a load reads or is made by: the rule folders' files and the engine's code
    (a rule set made by other code is another rule set)."""
    code = sorted(Path(__file__).parent.glob("*.py")) + [Path(caches.__file__)]
    return code + [f for folder in folders for f in sorted(folder.rglob("*")) if f.is_file()]


def _load(folders: list[Path]) -> RuleSet:
    problems: list[str] = []
    hasher = hashlib.sha256()
    lexicons, sources = read_words(folders, problems, hasher)
    named = {name: alternation(lex.entries) for name, lex in lexicons.items()}
    named.update({name: source for name, (source, _) in sources.items()})
    check_patterns(sources, named, problems)
    tables, disabled = _read_tables(folders, problems, hasher)
    rules: dict[str, list[Rule]] = {kind: [] for kind in KINDS}
    words = {name: lex for name, lex in lexicons.items() if name not in sources}
    for t in tables.values():
        before = len(problems)
        check_after_word(t, words, named, problems)
        rule = compile_rule(t, named, problems)
        if rule and len(problems) == before:
            rule.after = after_word(rule.options, words, named)
        if rule and rule.id not in disabled:
            rules[rule.kind].append(rule)
    for rule_id, where in disabled.items():
        if rule_id not in tables:
            problems.append(f"{where} {rule_id}: disabled names no rule (a typo?)")
    if problems:
        raise RuleFileError(problems)
    _find_triggers([r for kind in KINDS for r in rules[kind]], words)
    # What every match holds, for a triggered rule too: its trigger words may be common
    # (a level word) where the words it holds are rare (政协, 人大).
    for rule in (r for kind in KINDS for r in rules[kind]):
        rule.holds, rule.holds_words = held(rule.pattern), held_words(rule.pattern)
    share_finder([r for kind in KINDS for r in rules[kind]])
    for rule in (r for kind in KINDS for r in rules[kind]):
        rule.head = rule_head(rule, named, words)
    for rule in (r for kind in KINDS for r in rules[kind] if not r.trigger):
        rule.anchor = rule_anchor(rule, named)
        rule.opening = opening(rule.pattern) if rule.anchor is None else None
        if rule.kind != "entities":
            rule.guarded = guarded(rule, named)
    keep_shared([r for kind in KINDS for r in rules[kind]])
    for rule in (r for kind in KINDS for r in rules[kind] if r.anchor is None):
        rule.near = rule_near(rule)
    caches.save_patterns()       # the next process finds them compiled (caches.py)
    return RuleSet(rules, lexicons, named, "sha256:" + hasher.hexdigest()[:16],
                   {rule_id: where for rule_id, where in disabled.items() if rule_id in tables})


def _find_triggers(rules: list[Rule], lexicons: dict) -> None:
    """Each rule's opening words, and one automaton for all of them (engine/triggers.py)."""
    for rule in rules:
        rule.trigger = rule_trigger(rule, lexicons)
        if rule.trigger and any(len(word) == 1 for word, _, _ in rule.trigger):
            rule.follower = rule_follower(rule, lexicons)    # (longer trigger words are rarer)
    triggers = Triggers(rules)
    for rule in rules:
        rule.triggers = triggers if rule.trigger else None
