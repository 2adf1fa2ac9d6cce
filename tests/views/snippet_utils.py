"""Running a page's PyTorch snippet as a learner would, for the snippet tests."""

from __future__ import annotations

import contextlib
import io

import torch


def run_snippet(code: str) -> tuple[dict, str]:
    """The variables the snippet ``code`` leaves behind, and what it printed.

    A snippet may change PyTorch's print options or its number of threads, as a learner's script
    would; both are put back afterwards, so that no other test sees them.
    """
    namespace: dict = {}
    out = io.StringIO()
    threads = torch.get_num_threads()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<snippet>", "exec"), namespace)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_num_threads(threads)
    return namespace, out.getvalue()
