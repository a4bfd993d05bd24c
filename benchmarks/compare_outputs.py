#!/usr/bin/env python3
"""Prove that an engine change left the extraction alone: two output folders of `cnie run`
hold the same JSON, file for file, apart from the `versions` block (the rules digest and the
package versions change with any commit). Prints each file that differs, and exits 1 if any.

    python benchmarks/compare_outputs.py BEFORE_DIR AFTER_DIR
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def comparable(path: Path) -> str:
    """The output without its versions block, serialised the same way every time."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.pop("versions", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def outputs(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*.json"))}


def main(argv: list[str]) -> int:
    before, after = (Path(a) for a in argv[:2])
    old, new = outputs(before), outputs(after)
    differ = sorted(set(old) ^ set(new))
    for name in differ:
        print(f"only in {'BEFORE' if name in old else 'AFTER'}: {name}")
    changed = [name for name in sorted(set(old) & set(new)) if comparable(old[name]) != comparable(new[name])]
    for name in changed:
        print(f"differs: {name}")
    errors = [(before / "_errors.jsonl"), (after / "_errors.jsonl")]
    texts = [e.read_text(encoding="utf-8") if e.exists() else "" for e in errors]
    if texts[0] != texts[1]:
        print("differs: _errors.jsonl")
        changed.append("_errors.jsonl")
    print(f"{len(set(old) & set(new))} outputs compared, {len(changed) + len(differ)} differ")
    return 1 if changed or differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
