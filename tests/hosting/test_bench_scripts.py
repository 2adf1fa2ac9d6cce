"""Every benchmark in bench/ starts: its imports resolve and it says how it is used.

The benchmarks share helpers (benchlib.py, classroom_client.py, processes.py); a helper moved or
renamed must not leave a benchmark that fails at its first line when someone runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(
    path.name for path in BENCH.glob("*.py") if '__name__ == "__main__"' in path.read_text()
)


def test_the_benchmarks_are_all_found():
    assert {"classroom_load.py", "bystander.py", "memory_ceiling.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_starts_and_explains_its_options(script):
    run = subprocess.run(
        [sys.executable, script, "--help"], cwd=BENCH, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("usage:")
    assert "--out" in run.stdout  # every report can be written to a file
