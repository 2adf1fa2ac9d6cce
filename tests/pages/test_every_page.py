"""What the pages do alike, checked on each page: a bad number typed into the batch shows where
it is, and the page keeps computing from the last good batch."""

import pytest

from apptest_utils import assert_says, render, type_bad_logits

#: For pages that compute from the batch: the link that opens them, and what they still show,
#: computed from the seed batch, after a bad number is typed into it. (The stability page checks
#: its three loss metrics instead, in its own test file.)
KEPT_AFTER_BAD_LOGITS = {
    "pages/softmax.py": ({}, "0.6472"),
    "pages/gradients.py": ({}, "-0.3528"),
    "pages/entropy_kl.py": ({}, "[0] = 0.435065 nats"),
    "pages/imbalance.py": ({}, "= 0.0541"),
    "pages/mistakes.py": ({"mistake_data": "batch"}, "PyTorch returns"),
}


@pytest.mark.parametrize("page", KEPT_AFTER_BAD_LOGITS)
def test_bad_logits_show_an_error_and_keep_the_last_batch(page):
    params, kept = KEPT_AFTER_BAD_LOGITS[page]
    at = type_bad_logits(render(page, **params))
    assert_says(at, kept)
