"""Numerals as written in Chinese news, parsed exactly (Decimal, never float).

Input is already simplified and width-folded (８８０．５ arrives as 880.5). Handled forms:
Arabic (1,234.5  -26.95  57。6), Chinese (两千三百万, 十万零一千, 八十二点五, 廿五), formal
banker's numerals (壹佰贰拾叁), digit-by-digit strings (二〇二三), and mixed forms where
Arabic digits carry Chinese magnitudes (1.8亿, 13万2, 2兆7629.64亿).

Everything this module knows of numerals comes from the rule set, so a user's rules extend
it: the characters and their values from lexicons/numerals.txt, the magnitudes from
magnitude.txt, the non-consecutive range pairs from approx_pairs.txt, and the grammar from
{numeral} in patterns.toml. `parse_number` reads only a whole match of that grammar, so a
string the rules would never find is never read as a number. Approximate ranges (五六百, 七八)
are numerals for the grammar but values only for `parse_range`; callers try it first.
"""
from __future__ import annotations

from decimal import Context, Decimal

import regex

from pipeline.engine.rules import RuleSet

_SEPARATORS = regex.compile(r"[ ,，]")     # compiled once: canonical() runs per numeral

_TOKEN = regex.compile(r"[0-9]+(?:\.[0-9]+)?|.")
_ARABIC_ONLY = regex.compile(r"[0-9]+(?:\.[0-9]+)?")
WIDE = Context(prec=100)
MAX_EXPONENT = 40   # 10^40: far above any amount (2兆7629亿 is 10^12), far below WIDE's 100 digits
_POINT = "."        # every point character of numerals.txt is read as this one


class Numerals:
    """The numeral tables of one rule set, read once (see `numerals`)."""

    def __init__(self, rules: RuleSet):
        table = rules.lexicons["numerals"].columns

        def kind(name: str) -> dict[str, int]:
            return {c: int(cols[1]) for c, cols in table.items() if cols[0] == name}

        def style(name: str) -> set[str]:
            return {c for c, cols in table.items() if cols[2:3] == [name]}

        self.digits, self.small, self.tens = kind("digit"), kind("small"), kind("tens")
        self.points = set(kind("point"))
        self.zeros = {c for c, v in self.digits.items() if v == 0}
        self.count_only = style("count")           # 两: never after a point, never 二两
        # ranges (七八, 两三) are written in plain digits 1-9, not formal ones
        formal = style("formal")
        self.plain = {c for c, v in self.digits.items() if 1 <= v <= 9 and c not in formal}
        self.one = next(c for c in self.plain if self.digits[c] == 1 and c not in self.count_only)
        self.pairs = set(rules.words("approx_pairs"))
        # One-character magnitudes from 万 up split a numeral, largest first: 二百二十一亿二千六百万
        # splits at 亿 before 万 (千 and below are digits' units: 三千五百).
        magnitudes = rules.lexicons["magnitude"].columns
        self.big = tuple(sorted(((w, int(c[0])) for w, c in magnitudes.items()
                                 if len(w) == 1 and int(c[0]) >= 4), key=lambda kv: -kv[1]))
        self.grammar = rules.compile("{numeral}")

    def canonical(self, text: str) -> str:
        """The numeral without sign, spaces, separators; every point as `_POINT`; an omitted
        leading 一 (十五, 百亿) and 一 of 十 after 零 (一千零十 = 1010) written out."""
        body = _SEPARATORS.sub("", text.lstrip("+-−"))
        body = "".join(_POINT if c in self.points else c for c in body)
        if body[:1] in self.small:
            body = self.one + body
        out: list[str] = []
        for c in body:
            if self.small.get(c) == 10 and out and out[-1] in self.zeros:
                out.append(self.one)
            out.append(c)
        return "".join(out)


def numerals(rules: RuleSet) -> Numerals:
    """The tables of `rules`, built on first use and kept on the rule set (as its compiled
    patterns are), so every rule set, shipped or a user's, is read with its own numerals."""
    cache = rules.__dict__.setdefault("_numerals", [])
    if not cache:
        cache.append(Numerals(rules))
    return cache[0]


def parse_number(s: str, rules: RuleSet) -> Decimal:
    """The value of ONE numeral; ValueError for anything else (including ranges like 七八)."""
    text = s.strip() if isinstance(s, str) else s
    if not isinstance(text, str) or not text:
        raise ValueError(f"not a numeral: {s!r}")
    n = numerals(rules)
    sign = text[0] if text[0] in "+-−" else ""
    if text[len(sign):len(sign) + 1] in n.small:      # 百分之百, 百亿级, 千亿元: 一百, 一千
        text = sign + n.one + text[len(sign):]
    if not n.grammar.fullmatch(text):
        raise ValueError(f"not a numeral: {s!r}")
    value = _parse_big(n.canonical(text), n, whole=True)
    return exact(-value if sign in ("-", "−") else value)


def parse_range(s: str, rules: RuleSet) -> tuple[Decimal, Decimal] | None:
    """(low, high) of an approximate range such as 五六百 or 十五六; None for anything else.

    Two adjacent plain digits 1-9 that are consecutive (七八, 一两, 两三) or a pair of
    approx_pairs.txt (三五, "three to five"); other gaps (三七, 五七) are not ranges. The pair's
    context is kept on both ends: 五六百 -> 五百 and 六百, 三万五六 -> 三万五 and 三万六, so
    each end is read by parse_number.
    """
    if not isinstance(s, str):
        return None
    s, n = s.strip(), numerals(rules)
    if s[:1] in ("+", "-", "−"):  # signed ranges do not occur in words; keep low <= high
        return None
    if any(c in n.points for c in s):  # 四.四五 = 4.45: digits after a point are not a range
        return None
    pairs = [i for i in range(len(s) - 1) if _is_range_pair(s[i], s[i + 1], n)]
    if len(pairs) != 1:
        return None
    i = pairs[0]
    # A digit next to the pair means a digit string (二〇二三), not a range.
    if (i > 0 and s[i - 1] in n.digits) or (i + 2 < len(s) and s[i + 2] in n.digits):
        return None
    head, tail = s[:i], s[i + 2:]
    try:
        return (parse_number(head + s[i] + tail, rules),
                parse_number(head + s[i + 1] + tail, rules))
    except ValueError:
        return None


def _is_range_pair(a: str, b: str, n: Numerals) -> bool:
    if a not in n.plain or b not in n.plain:
        return False
    return n.digits[b] - n.digits[a] == 1 or a + b in n.pairs


def _parse_big(s: str, n: Numerals, whole: bool = False) -> Decimal:
    """Split at the largest magnitude present: 二百二十一亿二千六百万 = 221 x 10^8 + 二千六百万.

    The split is at the first such unit, so a compound like 三万亿 is (三万) x 10^8 = 3 x 10^12.
    """
    for char, exponent in n.big:
        high, found, low = s.partition(char)
        if found:
            if not high:
                raise ValueError(f"magnitude {char} without a number before it")
            multiplier = _parse_big(high, n)
            if multiplier == 0:
                raise ValueError(f"zero before magnitude {char}")
            return multiplier.scaleb(exponent, WIDE) + _parse_tail(low, exponent, n)
    return _parse_section(s, n, whole)


def _parse_tail(s: str, exponent: int, n: Numerals) -> Decimal:
    """What follows a magnitude: 十万零一千 -> 1000, and colloquial 三万五 / 13万2 -> 5000 / 2000."""
    if not s:
        return Decimal(0)
    stripped = s.lstrip("".join(n.zeros))
    if not stripped:
        raise ValueError("trailing zero after a magnitude")
    # A lone digit right after the unit counts in the next lower place: 一万二 = 12000.
    if stripped == s and len(s) == 1 and (s in "123456789" or n.digits.get(s, 0) > 0):
        return (Decimal(s) if s.isdigit() else Decimal(n.digits[s])).scaleb(exponent - 1)
    value = _parse_big(stripped, n)
    if value >= Decimal(1).scaleb(exponent):
        raise ValueError(f"{s!r} is not smaller than the magnitude before it")
    return value


def _parse_section(s: str, n: Numerals, whole: bool) -> Decimal:
    """A number below any big unit: 880.5, 八十二点五, 九五八, 壹佰贰拾叁, 3千."""
    if _ARABIC_ONLY.fullmatch(s):
        return Decimal(s)
    if _POINT in s:
        integer, _, fraction = s.partition(_POINT)
        if any(c in n.count_only or c not in n.digits for c in fraction):
            raise ValueError(f"{fraction!r} are not decimal digits")
        digits = "".join(str(n.digits[c]) for c in fraction)
        return _parse_section(integer, n, whole) + Decimal("0." + digits)
    if all(c in n.digits for c in s):
        return _digit_string(s, n, whole)
    return _parse_units(s, n)


def _digit_string(s: str, n: Numerals, whole: bool) -> Decimal:
    """Digits without units are read one by one (二〇二三 = 2023), but only as a whole numeral:
    inside a magnitude (二三万) or as two adjacent digits (七八) they are ranges, not numbers."""
    if len(s) == 1:
        return Decimal(n.digits[s])
    if not whole or any(c in n.count_only for c in s):
        raise ValueError(f"digit string {s!r} where a count is expected")
    if len(s) == 2 and _is_range_pair(s[0], s[1], n):
        raise ValueError(f"{s!r} is an approximate range; use parse_range")
    return Decimal("".join(str(n.digits[c]) for c in s))


def _parse_units(s: str, n: Numerals) -> Decimal:
    """Digit-unit pairs in falling order: 一百零五 = 105, 一百五 = 150 (colloquial), 廿五 = 25."""
    total, pending, last_unit, after_zero = Decimal(0), None, 10_000, False
    for tok in _TOKEN.findall(s):
        if tok in n.zeros:
            if pending is not None:
                raise ValueError(f"zero after a digit in {s!r}")
            after_zero = True
        elif tok in n.tens:
            if total or pending is not None:
                raise ValueError(f"{tok} must begin the number in {s!r}")
            total, last_unit = Decimal(n.tens[tok]), 10
        elif tok in n.small:
            unit = n.small[tok]
            if pending is None or pending >= 10 or unit >= last_unit:
                raise ValueError(f"misplaced {tok} in {s!r}")
            total, pending, last_unit, after_zero = total + pending * unit, None, unit, False
        elif pending is not None:
            raise ValueError(f"two digits in a row in {s!r} (a range?)")
        elif tok[0].isdigit():
            pending = Decimal(tok)
        elif tok in n.digits:
            pending = Decimal(n.digits[tok])
        else:
            raise ValueError(f"{tok!r} is no numeral character")
    if pending is None:
        if after_zero:
            raise ValueError(f"trailing zero in {s!r}")
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
