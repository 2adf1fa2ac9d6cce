"""Every string a person reads, in English and 简体中文.

Strings live beside the rest of each topic's presentation (``lossviz.views.<topic>.strings``;
``lossviz.views.shared.strings`` for those every page uses), each a dict
``key -> {"en": ..., "zh": ...}``; placeholders use ``str.format`` names.

>>> t("frame.title", "zh")
'lossviz：交互式分类损失讲解'
"""

from __future__ import annotations

import string

from lossviz.i18n import errors
from lossviz.views.binary import strings as binary
from lossviz.views.cross_entropy import strings as cross_entropy
from lossviz.views.entropy import strings as entropy
from lossviz.views.frame import strings as frame
from lossviz.views.gradients import strings as gradients
from lossviz.views.imbalance import strings as imbalance
from lossviz.views.mistakes import strings as mistakes
from lossviz.views.playground import strings as playground
from lossviz.views.regression import strings as regression
from lossviz.views.sequences import strings as sequences
from lossviz.views.shared import strings as shared
from lossviz.views.softmax import strings as softmax
from lossviz.views.stability import strings as stability

__all__ = ["LANGUAGES", "STRINGS", "placeholders", "t", "translate_error"]

LANGUAGES = {"en": "English", "zh": "简体中文"}

STRINGS: dict[str, dict[str, str]] = {}
for _module in (
    shared,
    frame,
    softmax,
    cross_entropy,
    binary,
    gradients,
    entropy,
    imbalance,
    stability,
    mistakes,
    regression,
    playground,
    sequences,
    errors,
):
    for _key, _texts in _module.STRINGS.items():
        if _key in STRINGS:
            raise RuntimeError(f"string key {_key!r} is defined twice")
        STRINGS[_key] = _texts


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders in a string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str = "en", **params: object) -> str:
    """The string ``key`` in ``lang`` (English when the language is unknown), filled in."""
    texts = STRINGS[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**params) if params else text


translate_error = errors.translate
