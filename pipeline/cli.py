"""The `cnie` command: run, extract, rules check/test, explain, diff, eval, show, report, export."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.engine.rules import RuleFileError, load
from pipeline.text.segment import DEFAULT, SEGMENTERS, use as use_segmenter

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _rules_or_exit(args):
    try:
        return load(args.rules)
    except RuleFileError as err:
        print("\n".join(err.problems), file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in the rule files; nothing was processed.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


EXIT_INTERRUPTED = 130


def cmd_run(args) -> int:
    from pipeline.batch import find_articles, run_batch
    paths = [Path(p) for p in (args.paths or ["corpus"])]
    for p in paths:
        if not p.exists():
            print(f"cnie run: {p}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(f"cnie run: -o {out}: is a file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    problem = _backend_problem(args)
    if problem:
        print(f"cnie run: {problem}", file=sys.stderr)
        return EXIT_USAGE
    _rules_or_exit(args)  # every rule problem is reported before any article is read
    total = len(find_articles(paths))
    if total == 0:
        print(f"cnie run: no *.txt articles under {', '.join(map(str, paths))}", file=sys.stderr)
        return EXIT_USAGE
    summary = _with_progress(total, lambda tick: run_batch(
        paths, out, args.rules, args.jobs, args.variant, tick, args.date, min_confidence=args.min_confidence, encoding=args.encoding,
        force=args.force, dask=args.dask, export=args.export,
        **({"max_chars": args.max_chars} if args.max_chars else {})))
    for err in summary.errors:
        print(f"{err['path']}: {err['error']}", file=sys.stderr)
    print(summary.line() + (f"; see {out / '_errors.jsonl'}" if summary.errors else ""),
          file=sys.stderr)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if summary.errors else EXIT_OK


def _backend_problem(args) -> str | None:
    """What --dask or --export needs and is not installed, else None."""
    import importlib.util
    if args.dask and importlib.util.find_spec("distributed") is None:
        return "--dask needs dask[distributed]: pip install -e '.[dask]'"
    if args.export and importlib.util.find_spec("pyarrow") is None:
        return "--export parquet needs pyarrow: pip install -e '.[analysis]'"
    if args.dask and args.dask != "local":
        from pipeline.batch.cluster import unreachable
        return unreachable(args.dask)
    return None


def _with_progress(total: int, work):
    """A progress bar on stderr when there is more than one article and stderr is a terminal."""
    if total <= 1 or not sys.stderr.isatty():
        return work(None)
    from rich.progress import Progress
    with Progress(transient=True, console=__import__("rich.console").console.Console(stderr=True)) as bar:
        task = bar.add_task("articles", total=total)
        return work(lambda: bar.advance(task))


def text_argument(args, command: str) -> str | None:
    """The text to work on: the argument, else standard input; None (with a message) when
    there is none."""
    text = args.text if args.text is not None else _stdin_text(command)
    if text is None:
        return None
    if not text.strip():
        print(f"cnie {command}: no text given (an argument, or text on stdin)", file=sys.stderr)
        return None
    return text


def _stdin_text(command: str) -> str | None:
    """Standard input decoded as a file would be (UTF-8, UTF-16 with a BOM, GB18030, Big5)."""
    from pipeline.batch import ArticleError, decode
    if not hasattr(sys.stdin, "buffer"):      # already text (a test's StringIO)
        return sys.stdin.read()
    try:
        return decode(sys.stdin.buffer.read())[0]
    except ArticleError as err:
        print(f"cnie {command}: standard input: {err}", file=sys.stderr)
        return None


def cmd_extract(args) -> int:
    from pipeline.output import doc_json, dumps
    from pipeline.stages import process
    text = text_argument(args, "extract")
    if text is None:
        return EXIT_USAGE
    rules = _rules_or_exit(args)
    doc = process(text, rules, doc_id="-", variant=args.variant, date=args.date)
    from pipeline.batch import versions
    sys.stdout.write(dumps(doc_json(doc, {"path": None, "sha256": None}, versions(rules))))
    return EXIT_OK


def cmd_rules_check(args) -> int:
    rules = _rules_or_exit(args)
    n = len(rules.all_rules())
    print(f"{n} rules and {len(rules.lexicons)} lexicons: no problems")
    return EXIT_OK


def cmd_rules_test(args) -> int:
    from pipeline.engine.examples import report
    rules = _rules_or_exit(args)
    known = {r.id for r in rules.all_rules()} | set(rules.disabled)
    if args.rule and args.rule not in known:
        print(f"cnie rules test: no rule with id {args.rule!r}", file=sys.stderr)
        return EXIT_USAGE
    lines, passed = report(rules, args.rule)
    print("\n".join(lines))
    return EXIT_OK if passed else EXIT_FAILED


def _iso_date(text: str) -> str:
    import datetime
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _codec(name: str) -> str:
    import codecs
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding: {name!r}") from None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cnie", description="Chinese news information extraction")
    ap.add_argument("--version", action="version", version=f"cnie {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--rules", default=None, metavar="DIR", help="a rules folder layered over "
                       "the shipped one (default: $CNIE_RULES)")
        p.add_argument("--variant", choices=["t2s", "tw", "hk"], default=None,
                       help="OpenCC conversion for traditional text (t2s, tw2s, hk2s)")
        p.add_argument("--segmenter", choices=SEGMENTERS, default=None,
                       help=f"word segmenter (default: $CNIE_SEGMENTER or {DEFAULT}, the fastest "
                            "proven to cut as jieba does)")

    def dated(p):
        p.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help="the articles' date: 今年/上半年 normalise to its year "
                            "(default: the article's dateline or its own dates)")

    run = sub.add_parser("run", help="extract from every *.txt article into JSON files")
    dated(run)
    run.add_argument("paths", nargs="*", help="files or folders (default: corpus/)")
    run.add_argument("-o", "--output", default="outputs", help="output folder (default: outputs/)")
    run.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: cores)")
    run.add_argument("--min-confidence", choices=("low", "medium", "high"), default="medium",
                     help="drop metrics and targets rated below this (default: medium; docs/output.md)")
    run.add_argument("--encoding", default=None, metavar="CODEC", type=_codec,
                     help="decode every article with this codec (default: detected: UTF-8, "
                          "UTF-16 with a BOM, GB18030/GBK, Big5)")
    run.add_argument("--max-chars", type=int, default=None, metavar="N",
                     help="a longer article is an error record (default: 2,000,000)")
    run.add_argument("--force", action="store_true",
                     help="redo every article, even one whose output is current")
    run.add_argument("--dask", metavar="ADDRESS", default=None,
                     help="run on a Dask cluster: 'local' (a LocalCluster of -j workers) or a "
                          "scheduler's address, tcp://host:8786 (pip install -e '.[dask]')")
    run.add_argument("--export", choices=("parquet",), default=None,
                     help="also write the items to OUT/items.parquet/ (one part per Dask chunk)")
    common(run)
    run.set_defaults(func=cmd_run)

    ext = sub.add_parser("extract", help="print the JSON for one text (argument or stdin)")
    ext.add_argument("text", nargs="?")
    dated(ext)
    common(ext)
    ext.set_defaults(func=cmd_extract)

    rules = sub.add_parser("rules", help="check or test the rule files").add_subparsers(
        dest="rules_command", required=True)
    check = rules.add_parser("check", help="validate every rule and lexicon file")
    common(check)
    check.set_defaults(func=cmd_rules_check)
    test = rules.add_parser("test", help="run every rule's examples")
    test.add_argument("--rule", help="only this rule id")
    common(test)
    test.set_defaults(func=cmd_rules_test)
    _authoring(sub, common)
    _inspection(sub)
    return ap


def explain_main(args) -> int:
    from pipeline.authoring.explain import explain_main
    return explain_main(args)


def diff_main(args) -> int:
    from pipeline.authoring.diff import diff_main
    return diff_main(args)


def coverage_main(args) -> int:
    from pipeline.authoring.coverage import coverage_main
    return coverage_main(args)


def eval_main(args) -> int:
    from pipeline.authoring.evaluate import eval_main
    return eval_main(args)


def _authoring(sub, common) -> None:
    """explain, diff and eval: for a rule author checking what an edit does (imported when
    used, so that `cnie run` does not load them)."""
    p = sub.add_parser("explain", help="every candidate match in one text, which won and why")
    p.add_argument("text", nargs="?", help="the text (default: stdin)")
    p.add_argument("--rule", help="only candidates of this rule id and those they met")
    common(p)
    p.set_defaults(func=explain_main)
    p = sub.add_parser("diff", help="what changed between two output folders of one corpus")
    p.add_argument("old_dir")
    p.add_argument("new_dir")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(func=diff_main)
    p = sub.add_parser("eval", help="precision, recall and F1 against gold files")
    p.add_argument("gold_dir", help="NAME.gold.json files (format: docs/eval.md)")
    p.add_argument("out_dir", help="NAME.json files written by cnie run")
    p.add_argument("--errors", action="store_true", help="list every gold item that was missed")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.set_defaults(func=eval_main)
    p = sub.add_parser("coverage", help="is every number in the articles extracted or explained?")
    p.add_argument("paths", nargs="+", help="article files or folders")
    p.add_argument("--outputs", help="read the items from this `cnie run` folder, not a new run")
    p.add_argument("--glob", action="append", help="only articles whose name matches (repeatable)")
    p.add_argument("--top", type=int, default=30, help="unaccounted groups to print")
    p.add_argument("--json", action="store_true", help="print the counts and groups as JSON")
    common(p)
    p.set_defaults(func=coverage_main)


def _inspection(sub) -> None:
    """show, report and export read the JSON that `run` wrote; they never run the pipeline."""
    from pipeline.inspect.export import FORMATS, export_main
    from pipeline.inspect.output_files import KINDS
    from pipeline.inspect.report import report_main
    from pipeline.inspect.show import show_main
    p = sub.add_parser("show", help="one article in the terminal with its spans highlighted")
    p.add_argument("path", help="an output JSON, or an article whose JSON is under outputs/")
    p.set_defaults(func=show_main)
    p = sub.add_parser("report", help="one self-contained HTML report of an output folder")
    p.add_argument("out_dir")
    p.add_argument("-o", "--output", default="report.html")
    p.set_defaults(func=report_main)
    p = sub.add_parser("export", help="items as flat CSV, JSON Lines or Parquet rows")
    p.add_argument("out_dir")
    p.add_argument("--format", choices=FORMATS, default="csv")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--kind", choices=KINDS)
    p.set_defaults(func=export_main)


def main(argv: list[str] | None = None) -> int:
    import os
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:          # usage errors: argparse has printed why
        return int(stop.code or 0)
    if getattr(args, "rules", None) is None and "rules" in vars(args):
        args.rules = os.environ.get("CNIE_RULES") or None
    if getattr(args, "segmenter", None):
        use_segmenter(args.segmenter)
    try:
        return args.func(args)
    except SystemExit as stop:
        return int(stop.code or 0)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:       # Ctrl-C outside a batch's own handling: no traceback
        print(f"cnie {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:        # a rule too slow on this text (extract, explain): say which
        from pipeline.engine.matching import RuleTimeout
        if not isinstance(err, RuleTimeout):
            raise
        print(f"cnie {args.command}: {err}", file=sys.stderr)
        return EXIT_FAILED
