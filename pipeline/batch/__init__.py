"""Batch runs: find articles, read them strictly, extract each into OUT, record failures.

reading.py finds and decodes articles; records.py does one article (or skips it when its
output is current) and keeps _errors.jsonl; runner.py drives the batch, on local worker
processes or, through cluster.py, on a Dask cluster.
"""
from pipeline.batch.reading import ArticleError, decode, find_articles, read_article
from pipeline.batch.records import article_json, versions
from pipeline.batch.runner import DEFAULT_MAX_CHARS, Summary, run_batch

__all__ = ["ArticleError", "decode", "find_articles", "read_article", "article_json", "versions",
           "DEFAULT_MAX_CHARS", "Summary", "run_batch"]
