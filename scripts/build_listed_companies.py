"""Build rules/lexicons/listed_tw.txt: short names of companies listed in Taiwan (TWSE and TPEx)
from the twstock package's bundled code tables (MIT licence; no network). Run:
    pip install twstock && python scripts/build_listed_companies.py
Names that jieba already knows as ordinary words (统一, 幸福, 泰山) are left out: as a company
they cannot be told from the word by a list alone, and a wrong fact is worse than a missing one."""
import csv
from importlib.metadata import version
from pathlib import Path

import jieba
import opencc
import twstock

OUT = Path(__file__).resolve().parent.parent / "rules" / "lexicons" / "listed_tw.txt"


def names() -> list[str]:
    codes = Path(twstock.__file__).parent / "codes"
    to_simple = opencc.OpenCC("t2s")
    jieba.initialize()
    seen = set()
    for table in ("twse_equities.csv", "tpex_equities.csv"):
        with open(codes / table, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                name = to_simple.convert(row["name"].strip())
                if row["type"] != "股票" or len(name) < 2 or name in seen:
                    continue
                if jieba.dt.FREQ.get(name):      # an ordinary word: 统一, 大成
                    continue
                seen.add(name)
    return sorted(seen)


def main() -> None:
    header = ("# Short names of companies listed in Taiwan (TWSE, TPEx), simplified; source: twstock "
              f"{version('twstock')} codes/*.csv (MIT licence); built by scripts/build_listed_companies.py\n")
    OUT.write_text(header + "\n".join(names()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
