"""PyTorch code for a common mistake: its demonstration's setup, then each call, wrong and
right, and what it prints."""

from __future__ import annotations

from lossviz.lessons.mistakes import Demonstration

__all__ = ["mistake_snippet"]


def mistake_snippet(demo: Demonstration) -> str:
    """A mistake's demonstration as one script: its setup, then each call and what it gives.

    A call that PyTorch refuses runs inside ``try``/``except`` and prints the error; a call
    whose gradient the page shows runs ``backward()`` and prints ``logits.grad``. Each line
    printed reads ``case: value`` (or ``case: Error: message``), as the page shows it.
    """
    sections = (
        ("# For comparison", demo.reference),
        ("# Wrong", demo.wrong),
        ("# Right", demo.right),
    )
    lines = [demo.setup]
    for heading, calls in sections:
        if not calls:
            continue
        lines += ["", heading]
        for call in calls:
            if call.raised:
                lines += [
                    "try:",
                    f"    {call.code}",
                    "except (RuntimeError, IndexError) as error:",
                    f"    print({call.case + ':'!r}, type(error).__name__ + ':', error)",
                ]
            elif call.grad is not None:
                lines += [
                    f"loss = {call.code}",
                    "loss.backward()",
                    f"print({call.case + ':'!r}, loss.item(), logits.grad.tolist())",
                    "logits.grad = None",
                ]
            else:
                lines.append(f"print({call.case + ':'!r}, ({call.code}).item())")
    return "\n".join(lines) + "\n"
