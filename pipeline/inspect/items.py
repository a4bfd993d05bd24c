"""How extracted items are shown to a person: table columns, and highlight layout.

`show` (terminal) and `report` (HTML) both use these, so an item reads the same
in both places: same column names, same number formatting, same nesting of spans.
"""
from __future__ import annotations

import heapq
import json

from pipeline.inspect.output_files import span_of


def fmt_num(x) -> str:
    """A JSON number as written; floats never in exponent form (88050000000.0 -> 88050000000)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "" if x is None else str(x)
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e21:
            return str(int(x))
        text = repr(x)
        if "e" in text:  # 1e-07 -> 0.0000001: a reader compares digits, not exponents
            text = f"{x:.20f}".rstrip("0").rstrip(".")
        return text
    return str(x)


def fmt_amount(value, value_max=None, unit=None) -> str:
    """880.5亿元, or a range 5–6万人. No space: 亿元 and % sit on the number in Chinese."""
    if value is None:
        return ""
    text = fmt_num(value)
    if value_max is not None:
        text += "–" + fmt_num(value_max)
    return text + (unit or "")


def _value(item: dict) -> str:
    text = fmt_amount(item.get("value"), item.get("value_max"), item.get("unit"))
    if item.get("comparator"):
        return f"{item['comparator']} {text}"
    if item.get("qualifier"):
        return f"{text} ({item['qualifier']})"
    return text


def _normalized(item: dict) -> str:
    norm = item.get("normalized") or {}
    return fmt_amount(norm.get("value"), norm.get("value_max"), norm.get("unit"))


def _change(item: dict) -> str:
    change = item.get("change") or {}
    text = fmt_amount(change.get("value"), change.get("value_max"), change.get("unit"))
    return f"{text} {change['basis']}" if text and change.get("basis") else text


def _indicator(item: dict) -> str:
    name, ind_id = item.get("indicator") or "", item.get("indicator_id")
    return f"{name} ({ind_id})" if ind_id and ind_id != name else name


def _span(item: dict) -> str:
    span = item.get("span")
    return f"{span[0]}–{span[1]}" if isinstance(span, list) and len(span) == 2 else ""


def _plain(key):
    def get(item: dict) -> str:
        value = item.get(key)
        if isinstance(value, list):
            return "、".join(map(str, value))
        return "" if value is None else str(value)
    return get


def _mentions(item: dict) -> str:
    mentions = item.get("mentions")
    return str(len(mentions)) if isinstance(mentions, list) else ""


# Column name -> how to render it, per kind. The hover in the report shows the same
# fields minus those already visible in the highlighted text itself.
COLUMNS = {
    "metrics": {"id": _plain("id"), "text": _plain("text"), "indicator": _indicator,
                "value": _value, "normalized": _normalized, "change": _change,
                "period": _plain("period"), "region": _plain("region"),
                "span": _span, "rule": _plain("rule")},
    "targets": {"id": _plain("id"), "text": _plain("text"), "indicator": _indicator,
                "value": _value, "deadline": _plain("deadline"), "verb": _plain("verb"),
                "span": _span, "rule": _plain("rule")},
    "entities": {"id": _plain("id"), "type": _plain("type"), "text": _plain("text"),
                 "titles": _plain("titles"), "mentions": _mentions,
                 "span": _span, "rule": _plain("rule")},
}
NOT_IN_HOVER = {"id", "text", "span", "mentions"}  # id heads the hover; the rest is on screen


def row(kind: str, item: dict) -> list[str]:
    return [render(item) for render in COLUMNS[kind].values()]


def hover(kind: str, item: dict) -> list[tuple[str, str]]:
    """(label, value) pairs worth showing when the pointer is over the item."""
    return [(name, render(item)) for name, render in COLUMNS[kind].items()
            if name not in NOT_IN_HOVER and render(item)]


def check_row(check: dict) -> list[str]:
    items = check.get("items")
    items = ", ".join(map(str, items)) if isinstance(items, list) else json.dumps(items)
    return [str(check.get("kind", "")), str(check.get("message", "")), items]


def marks(doc: dict) -> list[tuple[int, int, tuple[str, int]]]:
    """Every highlightable span of a document as (start, end, (kind, item index)).

    An entity is marked at each mention (its `span` is one of them), since a reader
    wants to see every place the person or organisation is named.
    """
    found = []
    text_len = len(doc["text"])
    for kind in ("metrics", "targets", "entities"):
        for index, item in enumerate(doc[kind]):
            spans = [item.get("span")]
            if kind == "entities" and isinstance(item.get("mentions"), list):
                spans += [m for m in item["mentions"] if m != item.get("span")]
            for span in spans:
                ok = span_of({"span": span}, text_len)
                if ok:
                    found.append((ok[0], ok[1], (kind, index)))
    return found


def nest(text: str, spans: list[tuple[int, int, object]]) -> list:
    """Lay spans over text as a tree: str leaves, and {"key", "children"} nodes.

    Spans that nest become nested nodes; a span that crosses the end of an enclosing
    one is cut there and continues as a second node with the same key, so every
    character sits under all the spans that cover it and markup stays well formed.
    """
    heap = [(s, -e, n, key) for n, (s, e, key) in enumerate(spans) if 0 <= s < e <= len(text)]
    heapq.heapify(heap)
    root: list = []
    stack = [(root, len(text))]  # (children of the open node, where it ends)
    pos = 0

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            stack[-1][0].append(text[pos:upto])
            pos = upto

    def close_to(where: int) -> None:
        while len(stack) > 1 and stack[-1][1] <= where:
            emit(stack[-1][1])
            stack.pop()

    while heap:
        start, neg_end, n, key = heapq.heappop(heap)
        end = -neg_end
        close_to(start)
        if end > stack[-1][1]:  # crosses the enclosing span: finish the rest later
            heapq.heappush(heap, (stack[-1][1], -end, n, key))
            end = stack[-1][1]
        emit(start)
        node = {"key": key, "children": []}
        stack[-1][0].append(node)
        stack.append((node["children"], end))
    close_to(len(text))
    emit(len(text))
    return root
