"""lossviz: classification losses computed step by step, exactly as PyTorch computes them.

Every loss returns plain data (NumPy arrays and floats): the reduced ``loss``, the
``per_sample`` values, the ``grad`` that ``loss.backward()`` gives, its closed-form
``analytic_grad``, and the ``reference`` value from PyTorch's own fused function.

>>> import lossviz
>>> round(lossviz.cross_entropy([[1.3, 1.3, 2.6]], [2]).loss, 4)
0.4351
"""

from lossviz.cross_entropy import cross_entropy, nll_loss
from lossviz.device import default_device
from lossviz.errors import InputError
from lossviz.results import CrossEntropyResult, KLDecomposition, LossResult, NllResult, Note
from lossviz.softmax import log_softmax, sigmoid, softmax

__all__ = [
    "CrossEntropyResult",
    "InputError",
    "KLDecomposition",
    "LossResult",
    "NllResult",
    "Note",
    "cross_entropy",
    "default_device",
    "log_softmax",
    "nll_loss",
    "sigmoid",
    "softmax",
]
