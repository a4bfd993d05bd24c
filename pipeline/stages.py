"""The pipeline: an ordered list of stage functions over one Doc. No framework, no registry."""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.extract.entities import extract_entities
from pipeline.extract.metrics import extract_metrics
from pipeline.text.normalize import normalize
from pipeline.extract.quantities import find_quantities
from pipeline.resolve.references import resolve
from pipeline.engine.matching import article_budget
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import segment
from pipeline.extract.targets import extract_targets

# Entities come before metrics: a metric's period and region are dates and places found here.
EXTRACTORS = (extract_entities, find_quantities, extract_metrics, extract_targets, resolve)


def process(original: str, rules: RuleSet, *, doc_id: str = "", path: str = "",
            variant: str | None = None, date: str | None = None, trace: bool = False) -> Doc:
    """DATE (YYYY-MM-DD) pins the article's date: 今年 and 上半年 then normalise to its year."""
    doc = Doc(original=original, id=doc_id, path=path, date=date, trace=[] if trace else None)
    normalize(doc, variant)
    segment(doc, rules.user_words())
    with article_budget():       # the extractors' own sub-patterns share one time budget
        for stage in EXTRACTORS:
            stage(doc, rules)
    return doc
