"""The entropy page's numbers: H, KL and cross-entropy a row per sample, one sample's terms a
row per class, and the ``F.kl_div`` calls with their values."""

from __future__ import annotations

import numpy as np

from lossviz.kl import EntropyTerms, KLDivCalls
from lossviz.results import KLDecomposition
from lossviz.views.shared.numbers import format_number

__all__ = [
    "KL_DIV_CODE",
    "entropy_batch_table",
    "entropy_class_table",
    "kl_div_calls_table",
]


def entropy_batch_table(
    decomposition: KLDecomposition,
    reverse: KLDecomposition,
    cross_entropy_loss: np.ndarray,
    headers: dict[str, str],
) -> dict:
    """One row per sample: H(p), KL(p || q), H(p, q), PyTorch's cross-entropy, KL(q || p).

    ``headers`` maps ``sample``, ``entropy``, ``kl``, ``cross_entropy``, ``pytorch`` and
    ``reverse`` to column titles.

    >>> from lossviz.kl import kl_decomposition
    >>> d = kl_decomposition([[0.2, 0.8]], [[0.5, 0.5]])
    >>> table = entropy_batch_table(d, kl_decomposition([[0.5, 0.5]], [[0.2, 0.8]]), [0.69],
    ...     {k: k for k in ("sample", "entropy", "kl", "cross_entropy", "pytorch", "reverse")})
    >>> [round(float(v[0]), 4) for v in table.values()]
    [0.0, 0.5004, 0.1927, 0.6931, 0.69, 0.2231]
    """
    return {
        headers["sample"]: np.arange(decomposition.entropy.shape[0]),
        headers["entropy"]: decomposition.entropy,
        headers["kl"]: decomposition.kl,
        headers["cross_entropy"]: decomposition.cross_entropy,
        headers["pytorch"]: np.asarray(cross_entropy_loss),
        headers["reverse"]: reverse.kl,
    }


def entropy_class_table(terms: EntropyTerms, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample: p, q, their surprises and the terms of H, H(p, q), KL.

    ``terms`` holds one row (C,). ``headers`` maps ``class``, ``p``, ``q``, ``surprise_p``,
    ``surprise_q``, ``entropy``, ``cross_entropy`` and ``kl`` to column titles.
    """
    return {
        headers["class"]: list(class_names),
        headers["p"]: terms.p,
        headers["q"]: terms.q,
        headers["surprise_p"]: terms.surprise_p,
        headers["surprise_q"]: terms.surprise_q,
        headers["entropy"]: terms.entropy,
        headers["cross_entropy"]: terms.cross_entropy,
        headers["kl"]: terms.kl,
    }


#: The ``F.kl_div`` calls the entropy page compares, as code (names as in its snippet).
KL_DIV_CODE = {
    "right": 'F.kl_div(log_q, p, reduction="batchmean")',
    "swapped": 'F.kl_div(p.log(), q, reduction="batchmean")',
    "probabilities": 'F.kl_div(q, p, reduction="batchmean")',
    "mean": 'F.kl_div(log_q, p, reduction="mean")',
}


def kl_div_calls_table(calls: KLDivCalls, labels: dict[str, str], headers: dict[str, str]) -> dict:
    """The right ``kl_div`` call and three mistakes: what each is, its code and its value.

    ``labels`` maps ``right``, ``swapped``, ``probabilities`` and ``mean`` to what each call is;
    ``headers`` maps ``call``, ``code`` and ``value`` to column titles. Values are text
    (``∞`` stays ``∞``).

    >>> from lossviz.kl import kl_div_calls
    >>> calls = kl_div_calls([[0.0, 1.0]], [[-0.6931471805599453, -0.6931471805599453]])
    >>> table = kl_div_calls_table(calls, {k: k for k in KL_DIV_CODE},
    ...     {"call": "call", "code": "code", "value": "value"})
    >>> table["value"]
    ['0.6931', '∞', '-0.5000', '0.3466']
    """
    values = {
        "right": calls.right.loss,
        "swapped": calls.swapped_loss,
        "probabilities": calls.probabilities.loss,
        "mean": calls.mean.loss,
    }
    return {
        headers["call"]: [labels[key] for key in KL_DIV_CODE],
        headers["code"]: list(KL_DIV_CODE.values()),
        headers["value"]: [format_number(values[key]) for key in KL_DIV_CODE],
    }
