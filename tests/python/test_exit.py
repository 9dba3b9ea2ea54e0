"""Regression test for the exit crash of pyo3-async-runtimes (PyO3/pyo3-async-runtimes#40).

A script that exits right after its last await used to die with SIGSEGV/SIGABRT in ~5% of
runs, because a tokio thread completed the Python future while the interpreter finalised.
Here tokio threads hand results to the loop thread instead, and an atexit hook stops all
work first. Each mode runs in fresh interpreters; any non-zero exit is a failure.

VOBIZ_EXIT_RUNS (default 40) sets the runs per mode; the proof in the report used 300.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List, Tuple

import pytest

from support import LoopbackServer, Reply

SCRIPT = Path(__file__).with_name("exit_script.py")
RUNS = int(os.environ.get("VOBIZ_EXIT_RUNS", "40"))


def run_many(url: str, mode: str, runs: int) -> List[Tuple[int, str]]:
    def once(_: int) -> Tuple[int, str]:
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), url, mode],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return proc.returncode, proc.stderr[-2000:]

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(once, range(runs)))


@pytest.mark.parametrize(
    ("mode", "share"),
    [("await", 1.0), ("pending", 0.25), ("fallback", 0.25)],
)
def test_scripts_exit_cleanly_right_after_a_request(server: LoopbackServer, mode: str, share: float) -> None:
    server.reply(Reply(200, {"ok": True}) if mode != "pending" else Reply(200, {"ok": True}, delay=5.0))
    runs = max(5, int(RUNS * share))
    results = run_many(server.url, mode, runs)
    crashes = [(code, err) for code, err in results if code != 0]
    assert not crashes, f"{len(crashes)}/{runs} runs crashed; first: {crashes[0]}"
    if mode != "pending":
        assert len(server.received) == runs


def test_after_the_exit_hook_no_request_starts(server: LoopbackServer) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), server.url, "shutdown"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "refused: vobiz_partner: the interpreter is shutting down" in proc.stdout
    assert server.received == []
