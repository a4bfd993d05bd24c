"""Shared fixtures: the shipped rules load once per test session (jieba's start-up is ~2 s)."""
from pathlib import Path

import pytest

from pipeline.engine.rules import load

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV = ROOT.parent / "shared" / "eval" / "dev"   # the benchmark, when it sits beside the repo


@pytest.fixture(scope="session")
def rules():
    return load()
