"""Build rules/lexicons/world_cities.txt: the world's cities in Chinese, as the Unicode CLDR names
them (each time zone's exemplar city), in the mainland (zh) and the Taiwan and Hong Kong (zh_Hant,
zh_Hant_HK) forms, simplified; the places of China, Hong Kong, Macau and Taiwan are left to the
gazetteer. A name jieba knows as an ordinary word (not tagged as a name: 中心, 万象) is left out,
as the place rule would take every use of the word, and so are the names (NOT_PLACES) that news
uses more often for a person, a brand or no place (达尔文, 开云, 未知城市), and research stations. No network: babel ships the CLDR data. Run:
    pip install babel==2.18.0
    python scripts/build_world_cities.py
"""
from pathlib import Path

import babel
import jieba.posseg
import opencc
from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parent.parent / "rules" / "lexicons" / "world_cities.txt"
LOCALES = ("zh", "zh_Hant", "zh_Hant_HK")
OURS = {"CN", "HK", "MO", "TW"}        # the gazetteer's and taiwan_towns.tsv's places
NAMES = {"ns", "nr", "nrt", "nrfg", "nz", "nt"}
NOT_PLACES = {"未知城市", "达尔文", "开云", "史坦利", "帕麦", "莫森", "道森", "伯斯", "卡塞", "杜里", "绰尔",
              "自由城", "自由市", "凯西站", "戴维斯站", "莫森站", "罗瑟拉站", "麦克默多站", "特罗尔站",
              "昭和站", "昭和基地", "杜蒙杜比尔", "杜蒙迪维尔站", "凯西", "昭和", "威克", "朱诺", "诺姆",
              "图勒", "查坦", "楚克", "戴维斯", "史丹利", "斯坦利", "帕尔默", "林德曼", "麦格理", "索菲亚",
              "圣约翰"}


def _ordinary(name: str) -> bool:
    """jieba knows NAME as one word that it does not tag as a name."""
    words = list(jieba.posseg.cut(name, HMM=False))
    return len(words) == 1 and bool(jieba.dt.FREQ.get(name)) and words[0].flag not in NAMES


def cities() -> list[str]:
    to_simple, zones = opencc.OpenCC("t2s"), get_global("zone_territories")
    names = set()
    for code in LOCALES:
        for zone, info in Locale.parse(code).time_zones.items():
            city = info.get("city")
            if city and zones.get(zone) not in OURS:
                names.add(to_simple.convert(city))
    return sorted(n for n in names - NOT_PLACES if len(n) >= 2 and "·" not in n and not _ordinary(n))


def main() -> None:
    rows = cities()
    header = ("# The world's cities in Chinese, simplified (mainland, Taiwan and Hong Kong forms): built by\n"
              f"# scripts/build_world_cities.py from babel {babel.__version__}'s Unicode CLDR data (each time\n"
              "# zone's exemplar city; CLDR: Unicode licence, babel: BSD-3-Clause), less China's, Hong Kong's,\n"
              "# Macau's and Taiwan's and less the names jieba knows as ordinary words. One name a line.\n")
    OUT.write_text(header + "".join(f"{n}\n" for n in rows), encoding="utf-8")
    print(f"{len(rows)} cities -> {OUT}")


if __name__ == "__main__":
    main()
