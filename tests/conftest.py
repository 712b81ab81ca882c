"""Shared fixtures: the repository's seed articles and the optional real corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples on every run (a failure there is reproducible, never flaky);
# local runs keep drawing new ones, which is how fuzzing finds new bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if "_comment" not in row]


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (SHARED_CORPUS / "daksong-portal.jsonl").exists():
        pytest.skip("the real corpus in ../shared/corpus is not present")
    return SHARED_CORPUS
