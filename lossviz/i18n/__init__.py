"""Every string a person reads, in English and 简体中文.

Translations are data: each topic's live in ``lossviz/views/<topic>/strings.toml`` beside the
rest of its presentation (``views/shared/strings.toml`` for those every page uses), one table per
key with a text per language::

    ["ce.title"]
    en = "Cross-entropy = LogSoftmax + NLL"
    zh = "交叉熵 = LogSoftmax + NLL"

Placeholders use ``str.format`` names. ``STRINGS`` gathers them all, in the order of ``TOPICS``
and of each file, as ``key -> {"en": ..., "zh": ...}``.

>>> t("frame.title", "zh")
'lossviz：交互式分类损失讲解'
"""

from __future__ import annotations

import string
from importlib import resources

from lossviz.i18n import errors

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

__all__ = [
    "LANGUAGES",
    "STRINGS",
    "TOPICS",
    "language_for_locale",
    "load_strings",
    "placeholders",
    "t",
    "translate_error",
]

LANGUAGES = {"en": "English", "zh": "简体中文"}


def language_for_locale(locale: str | None) -> str | None:
    """The language of ``LANGUAGES`` a browser's locale (``navigator.language``, a BCP 47 tag)
    asks for, or None when it asks for neither: any Chinese tag reads 简体中文, the only Chinese
    this app speaks.

    >>> language_for_locale("zh-CN"), language_for_locale("zh-Hant-TW"), language_for_locale("en")
    ('zh', 'zh', 'en')
    >>> language_for_locale("fr-FR"), language_for_locale(None), language_for_locale("")
    (None, None, None)
    """
    primary = (locale or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


#: The packages under ``lossviz.views`` that hold a ``strings.toml``, in the order they are read.
TOPICS = (
    "shared",
    "frame",
    "softmax",
    "cross_entropy",
    "binary",
    "gradients",
    "entropy",
    "imbalance",
    "stability",
    "mistakes",
    "sequences",
    "regression",
    "playground",
    "predict",
)


def load_strings(topic: str) -> dict[str, dict[str, str]]:
    """The strings of ``lossviz/views/<topic>/strings.toml``, in the file's order.

    >>> load_strings("shared")["common.loss"]
    {'en': 'loss', 'zh': '损失'}
    """
    text = (resources.files("lossviz.views") / topic / "strings.toml").read_text("utf-8")
    return tomllib.loads(text)


STRINGS: dict[str, dict[str, str]] = {}
for _texts_by_key in (*(load_strings(topic) for topic in TOPICS), errors.STRINGS):
    for _key, _texts in _texts_by_key.items():
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
