"""Build rules/lexicons/world_divisions.txt: the first-level divisions of foreign countries in
Chinese (Japan's prefectures, the states of the US, Australia and India, Canada's provinces ...),
as the iso-codes project translates ISO 3166-2 (zh_CN and zh_TW, simplified), shipped by the
pycountry package. China's, Hong Kong's, Macau's and Taiwan's are the gazetteer's.

Only a name that ends with its level word (州, 县, 府, 省, 邦, 都, 道, 郡) is kept, as news
writes it so (长野县, 昆士兰州); a state whose translation lacks 州 (zh_TW 昆士兰) is kept with
it (昆士兰州), the bare name being too often a person's or a team's. Left out: a name whose stem
jieba knows as an ordinary word (北方省, 中部省: 北方, 中部 are words, and 省份 would be cut
apart), and a name the gazetteer or world_cities.txt already holds. No network: pycountry
ships the translations. Run:
    pip install pycountry==26.2.16
    python scripts/build_world_divisions.py
"""
import gettext
from pathlib import Path

import jieba.posseg
import opencc
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "lexicons" / "world_divisions.txt"
LOCALES = ("zh_CN", "zh_TW")
OURS = {"CN", "HK", "MO", "TW"}
LEVELS = ("州", "县", "府", "省", "邦", "都", "道", "郡")
GLUED = ("省", "州", "县", "府")   # level words that open other words (省份, 州长, 县城, 府城)
NAMES = {"ns", "nr", "nrt", "nrfg", "nz", "nt"}
NOT_DIVISIONS = {"伪", "语"}    # iso-codes' zh_CN marks a disputed one so (伪…邦), and 德拉瓦语 is a slip
# Stems that Chinese copy uses for a landform, a direction or an event, not for that division
# (西北省份, 高原省区, 世博省钱): jieba tags them as places, so _ordinary keeps them.
COMMON_STEMS = {"高原", "海湾", "丘陵", "大西洋", "极北", "世博", "广义", "北部区", "西北", "西南", "东北",
                "东南", "中部", "沿海", "高地", "海岸"}


def _ordinary(stem: str) -> bool:
    """jieba knows STEM as a common word that it does not tag as a name (北方, 中部, 东方; 冲绳
    and 爱知 are rare enough)."""
    words = list(jieba.posseg.cut(stem, HMM=False))
    return len(words) == 1 and (jieba.dt.FREQ.get(stem) or 0) >= 500 and words[0].flag not in NAMES


def _han(name: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in name)


def _forms(name: str, kind: str) -> list[str]:
    if name.endswith(LEVELS):
        return [name]
    return [name + "州"] if kind == "State" else []


def divisions() -> list[str]:
    to_simple = opencc.OpenCC("t2s")
    known = {line.strip() for line in (ROOT / "rules" / "lexicons" / "world_cities.txt").read_text(encoding="utf-8").splitlines()}
    names, chinese = set(), _chinese_places()
    for locale in LOCALES:
        tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[locale])
        for sub in pycountry.subdivisions:
            zh = to_simple.convert(tr.gettext(sub.name))
            if sub.country_code in OURS or sub.parent_code or zh == sub.name or not _han(zh):
                continue
            for form in _forms(zh, sub.type):
                stem = form[:-1]
                if len(form) >= 3 and not set(form) & NOT_DIVISIONS and not _ordinary(stem) \
                        and stem not in COMMON_STEMS and not (stem in chinese and form[-1] in GLUED):
                    names.add(form)
    return sorted(names - known - chinese)


def _chinese_places() -> set[str]:
    """The gazetteer's names: 太原省, 西宁省 and 滨海省 would be read inside Chinese copy's
    太原省级, 西宁省内, 滨海省份 (北海道 stays: 道 opens no such word)."""
    import sys
    sys.path.insert(0, str(ROOT))
    from pipeline.engine.rules import load as load_rules
    from pipeline.extract.gazetteer import load
    rules = load_rules()
    gaz = load(rules)
    return set(gaz.full) | set(gaz.short)


def main() -> None:
    rows = divisions()
    header = ("# Foreign countries' first-level divisions in Chinese, simplified (长野县, 昆士兰州): built by\n"
              f"# scripts/build_world_divisions.py from pycountry {pycountry.__version__}'s iso-codes translations of\n"
              "# ISO 3166-2 (zh_CN, zh_TW; iso-codes: LGPL-2.1+, pycountry: LGPL-2.1), names ending in their\n"
              "# level word only, less China's, Hong Kong's, Macau's and Taiwan's. One name a line.\n")
    OUT.write_text(header + "".join(f"{n}\n" for n in rows), encoding="utf-8")
    print(f"{len(rows)} divisions -> {OUT}")


if __name__ == "__main__":
    main()
