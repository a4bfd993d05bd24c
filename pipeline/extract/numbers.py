"""Numerals as written in Chinese news, parsed exactly (Decimal, never float).

Input is already simplified and width-folded (８８０．５ arrives as 880.5). Handled forms:
Arabic (1,234.5  -26.95  57。6), Chinese (两千三百万, 十万零一千, 八十二点五, 廿五), formal
banker's numerals (壹佰贰拾叁), digit-by-digit strings (二〇二三), and mixed forms where
Arabic digits carry Chinese magnitudes (1.8亿, 13万2, 2兆7629.64亿).

`parse_number` first checks the text against the grammar of `NUMERAL_PATTERN` (which it
widens only to allow a bare leading 百/千), so a string the pattern would never find is never
read as a number. Approximate ranges (五六百, 七八) are numerals for the pattern but values
only for `parse_range`; callers try `parse_range` first.
"""
from __future__ import annotations

from decimal import Context, Decimal
from pathlib import Path

import regex

from pipeline.engine.rule_files import read_lexicon

# The numeral characters and magnitudes are data (rules/lexicons/numerals.txt and
# magnitude.txt); a problem there is a bug in the shipped rules, caught by `cnie rules check`.
_LEXICONS = Path(__file__).resolve().parents[2] / "rules" / "lexicons"
_NUMERALS = read_lexicon(_LEXICONS / "numerals.txt", [])
_MAGNITUDES = read_lexicon(_LEXICONS / "magnitude.txt", [])


def _kind(kind: str) -> dict[str, int]:
    return {c: int(cols[1]) for c, cols in _NUMERALS.columns.items() if cols[0] == kind}


_DIGITS = _kind("digit")
ZEROS = "".join(c for c, v in _DIGITS.items() if v == 0)
_SMALL_UNITS = _kind("small")
_TENS = _kind("tens")
# One-character magnitudes from 万 up split a numeral, largest first: 二百二十一亿二千六百万
# splits at 亿 before 万 (千 and below are digits' units: 三千五百).
_BIG_UNITS = tuple(sorted(((w, int(c[0])) for w, c in _MAGNITUDES.columns.items()
                           if len(w) == 1 and int(c[0]) >= 4), key=lambda kv: -kv[1]))
# On the mainland 兆 is mostly the SI prefix mega- (100兆瓦 = 100 MW, 兆赫, 兆帕, 兆字节),
# so the pattern leaves a 兆 that begins such a unit to the unit.
_BIG = "(?:[万亿]|兆(?![瓦字赫帕焦伏欧比位吨]))"

_D = "".join(_DIGITS)
_CN = _D + "".join(_SMALL_UNITS) + "".join(_TENS)
# The point may be typed as 。 or ﹒ (U+FE52), after a stray space: 38。5, 0﹒7, 2 .3
_ARABIC = r"(?:[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])|[0-9]+)(?: ?[.。﹒][0-9]+)?"


def _grammar(lead: str) -> str:
    """One numeral; `lead` lists the Chinese characters it may start with.

    Segments alternate with single big units, and no two pieces can match the same text, so
    a failing match backtracks linearly, not exponentially.
    """
    # One optional space on either side of 万/亿/兆, as in Taiwanese copy '2 兆 7629.64 亿'.
    # The space before the unit is taken at the end of the segment: an optional space at the
    # start of the repeated group makes the `regex` module backtrack quadratically.
    segment = (rf"(?:{_ARABIC}[十百千拾佰仟]?"        # 880.5, 3千 (as in 3千万)
               rf"|[{lead}][{_CN}]*(?:[点.﹒][{_D}]+)?)"   # 一百八十, 八十二点五, 七.六四
               rf"(?: (?={_BIG}))?")
    # Never start inside another numeral (the 五 of 八十二点五): besides being wrong, such
    # restarts made a failed search quadratic in the length of a long run of numeral text.
    # A minus is a sign only when it does not follow a digit: 1-2月 is a span, not 1 and -2.
    return (rf"(?<![0-9{_CN}万亿兆点])(?<![万亿兆] )(?:(?<![0-9])[-+−])?{segment}"
            rf"(?:{_BIG}(?: ?{segment})?)*")


# A numeral starts with a digit, 十, 廿 or 卅: bare 百/千 begin idioms (百分之, 千万不要, 百年).
NUMERAL_PATTERN: str = _grammar(_D + "十拾廿卅")
# parse_number also reads a bare leading 百/千 as 一百/一千 (百分之百, 百亿级, 千亿元).
_ACCEPTED = regex.compile(_grammar(_D + "十拾廿卅百佰千仟"))
_TOKEN = regex.compile(r"[0-9]+(?:\.[0-9]+)?|.")
_ARABIC_ONLY = regex.compile(r"[0-9]+(?:\.[0-9]+)?")
WIDE = Context(prec=100)
MAX_EXPONENT = 40   # 10^40: far above any amount (2兆7629亿 is 10^12), far below WIDE's 100 digits  # room for 10^12 magnitudes times long decimals


def parse_number(s: str) -> Decimal:
    """The value of ONE numeral; ValueError for anything else (including ranges like 七八)."""
    text = s.strip() if isinstance(s, str) else s
    if not isinstance(text, str) or not _ACCEPTED.fullmatch(text):
        raise ValueError(f"not a numeral: {s!r}")
    negative = text[0] in "-−"
    body = text.lstrip("+-−").replace(" ", "").replace(",", "").replace("，", "")
    # 57。6, 0﹒7: an ideographic or small full stop typed for the decimal point
    body = body.replace("。", ".").replace("﹒", ".")
    body = regex.sub(r"(?<=[^0-9])\.", "点", body)   # 七.六四 (七．六四 width-folded) = 七点六四
    # An omitted leading 一 (十五, 百亿) and 十 after 零 (一千零十 = 1010) mean one ten/hundred.
    body = regex.sub(r"^(?=[十拾百佰千仟])|(?<=[零〇○])(?=[十拾])", "一", body)
    value = _parse_big(body, whole=True)
    return exact(-value if negative else value)


def parse_range(s: str) -> tuple[Decimal, Decimal] | None:
    """(low, high) of an approximate range such as 五六百 or 十五六; None for anything else.

    Two adjacent digits 1-9 that are consecutive (七八, 一两, 两三) or the idiom 三五 ("three
    to five"); other gaps (三七, 五七) are not ranges. The pair's context is kept on both ends:
    五六百 -> 五百 and 六百, 三万五六 -> 三万五 and 三万六, so each end is read by parse_number.
    """
    if not isinstance(s, str):
        return None
    s = s.strip()
    if s[:1] in ("+", "-", "−"):  # signed ranges do not occur in words; keep low <= high
        return None
    if any(point in s for point in "点.﹒"):  # 四.四五 = 4.45: digits after a point are not a range
        return None
    pairs = [i for i in range(len(s) - 1) if _is_range_pair(s[i], s[i + 1])]
    if len(pairs) != 1:
        return None
    i = pairs[0]
    # A digit next to the pair means a digit string (二〇二三), not a range.
    if (i > 0 and s[i - 1] in _DIGITS) or (i + 2 < len(s) and s[i + 2] in _DIGITS):
        return None
    head, tail = s[:i], s[i + 2:]
    try:
        return parse_number(head + s[i] + tail), parse_number(head + s[i + 1] + tail)
    except ValueError:
        return None


def _is_range_pair(a: str, b: str) -> bool:
    plain = "一二两三四五六七八九"  # ranges are written in plain, not formal, numerals
    if a not in plain or b not in plain:
        return False
    gap = _DIGITS[b] - _DIGITS[a]
    return gap == 1 or (a, b) == ("三", "五")


def _parse_big(s: str, whole: bool = False) -> Decimal:
    """Split at the largest magnitude present: 二百二十一亿二千六百万 = 221 x 10^8 + 二千六百万.

    The split is at the first such unit, so a compound like 三万亿 is (三万) x 10^8 = 3 x 10^12.
    """
    for char, exponent in _BIG_UNITS:
        high, found, low = s.partition(char)
        if found:
            if not high:
                raise ValueError(f"magnitude {char} without a number before it")
            multiplier = _parse_big(high)
            if multiplier == 0:
                raise ValueError(f"zero before magnitude {char}")
            return multiplier.scaleb(exponent, WIDE) + _parse_tail(low, exponent)
    return _parse_section(s, whole)


def _parse_tail(s: str, exponent: int) -> Decimal:
    """What follows a magnitude: 十万零一千 -> 1000, and colloquial 三万五 / 13万2 -> 5000 / 2000."""
    if not s:
        return Decimal(0)
    stripped = s.lstrip(ZEROS)
    if not stripped:
        raise ValueError("trailing 零 after a magnitude")
    # A lone digit right after the unit counts in the next lower place: 一万二 = 12000.
    if stripped == s and len(s) == 1 and (s in "123456789" or _DIGITS.get(s, 0) > 0):
        return (Decimal(s) if s.isdigit() else Decimal(_DIGITS[s])).scaleb(exponent - 1)
    value = _parse_big(stripped)
    if value >= Decimal(1).scaleb(exponent):
        raise ValueError(f"{s!r} is not smaller than the magnitude before it")
    return value


def _parse_section(s: str, whole: bool) -> Decimal:
    """A number below any big unit: 880.5, 八十二点五, 九五八, 壹佰贰拾叁, 3千."""
    if "点" in s:
        integer, _, fraction = s.partition("点")
        if "两" in fraction:
            raise ValueError("两 is not a decimal digit")
        digits = "".join(str(_DIGITS[c]) for c in fraction)
        return _parse_section(integer, whole) + Decimal("0." + digits)
    if _ARABIC_ONLY.fullmatch(s):
        return Decimal(s)
    if all(c in _DIGITS for c in s):
        return _digit_string(s, whole)
    return _parse_units(s)


def _digit_string(s: str, whole: bool) -> Decimal:
    """Digits without units are read one by one (二〇二三 = 2023), but only as a whole numeral:
    inside a magnitude (二三万) or as two adjacent digits (七八) they are ranges, not numbers."""
    if len(s) == 1:
        return Decimal(_DIGITS[s])
    if not whole or "两" in s:
        raise ValueError(f"digit string {s!r} where a count is expected")
    if len(s) == 2 and _is_range_pair(s[0], s[1]):
        raise ValueError(f"{s!r} is an approximate range; use parse_range")
    return Decimal("".join(str(_DIGITS[c]) for c in s))


def _parse_units(s: str) -> Decimal:
    """Digit-unit pairs in falling order: 一百零五 = 105, 一百五 = 150 (colloquial), 廿五 = 25."""
    total, pending, last_unit, after_zero = Decimal(0), None, 10_000, False
    for tok in _TOKEN.findall(s):
        if tok in ZEROS:
            if pending is not None:
                raise ValueError(f"零 after a digit in {s!r}")
            after_zero = True
        elif tok in _TENS:
            if total or pending is not None:
                raise ValueError(f"{tok} must begin the number in {s!r}")
            total, last_unit = Decimal(_TENS[tok]), 10
        elif tok in _SMALL_UNITS:
            unit = _SMALL_UNITS[tok]
            if pending is None or pending >= 10 or unit >= last_unit:
                raise ValueError(f"misplaced {tok} in {s!r}")
            total, pending, last_unit, after_zero = total + pending * unit, None, unit, False
        elif pending is not None:
            raise ValueError(f"two digits in a row in {s!r} (a range?)")
        else:
            pending = Decimal(tok) if tok[0].isdigit() else Decimal(_DIGITS[tok])
    if pending is None:
        if after_zero:
            raise ValueError(f"trailing 零 in {s!r}")
        return total
    # After 零 or 十 a last digit is units; after 百/千 it is the next place down: 两千三 = 2300.
    if after_zero or last_unit == 10:
        return total + pending
    return total + pending * (last_unit // 10)


def exact(value: Decimal) -> Decimal:
    """Integers without exponent (180000000, not 1.8E+8); no trailing fractional zeros.
    A run of more digits than any amount in news (a serial number, an ID) is no numeral."""
    if value.adjusted() > MAX_EXPONENT:
        raise ValueError(f"{len(str(value))} digits: a code, not an amount")
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=WIDE)
    return value.normalize(WIDE)
