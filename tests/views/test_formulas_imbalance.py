"""The imbalance page's formulas and tables, with the live numbers of real batches."""

import numpy as np
import pytest

from lossviz import cross_entropy, focal_loss
from lossviz.cross_entropy import reduction_summary
from lossviz.inputs.presets import imbalanced_batch
from lossviz.lessons.imbalance import (
    class_breakdown,
    class_counts,
    class_weights,
    focal_comparison,
    smoothing_curves,
)
from lossviz.views.imbalance import formulas
from lossviz.views.imbalance.tables import class_table, focal_table, smoothing_table
from lossviz.views.shared.latex import number

BATCH = imbalanced_batch(10)
COUNTS = class_counts(BATCH.target, 3)
WEIGHTS = class_weights(COUNTS, "inverse", decimals=4)


def _parts(reduction):
    plain = cross_entropy(BATCH.logits, BATCH.target, reduction=reduction)
    weighted = cross_entropy(BATCH.logits, BATCH.target, weight=WEIGHTS, reduction=reduction)
    return (
        plain,
        weighted,
        class_breakdown(plain.per_sample, plain.grad, BATCH.target, plain.denominator, 3),
        class_breakdown(weighted.per_sample, weighted.grad, BATCH.target, weighted.denominator, 3),
    )


def test_the_weighted_mean_grouped_by_class_adds_up():
    plain, weighted, by_class_plain, _ = _parts("mean")
    s = reduction_summary(weighted.per_sample, weighted.sample_weight, weighted.ignored)
    # sum_c w_c S_c / sum_c w_c n_c is the weighted mean PyTorch computes
    assert (WEIGHTS * by_class_plain.loss_sum).sum() == pytest.approx(s.total, rel=1e-12)
    assert (WEIGHTS * COUNTS).sum() == pytest.approx(s.denominator, rel=1e-12)
    latex = formulas.weighted_mean(
        WEIGHTS, by_class_plain.loss_sum, COUNTS, s.total, s.denominator, weighted.loss, "mean"
    )
    assert number(weighted.loss) in latex
    assert number(weighted.reference) in latex
    assert rf"0.2131 \times {number(by_class_plain.loss_sum[0])}" in latex
    assert r"2.1311 \times 4" in latex
    latex = formulas.plain_mean(by_class_plain.loss_sum, COUNTS, plain.loss, "mean")
    assert r"{40 + 13 + 4}" in latex and number(plain.loss) in latex


def test_sum_leaves_out_the_denominator_and_absent_classes():
    _, weighted, by_class_plain, _ = _parts("sum")
    latex = formulas.weighted_mean(
        WEIGHTS, by_class_plain.loss_sum, COUNTS, weighted.loss, 1.0, weighted.loss, "sum"
    )
    assert r"\frac" not in latex and number(weighted.loss) in latex
    latex = formulas.weighted_mean([1, 2, 3], [0.5, 0, 1.0], [2, 0, 1], 3.5, 4.0, 0.875, "mean")
    assert r"2 \times" not in latex  # class 1 has no sample


def test_weight_scheme_formula():
    latex = formulas.weight_scheme("effective", COUNTS, 0.99, WEIGHTS)
    assert r"\beta = 0.9900" in latex and r"\left[40,\ 13,\ 4\right]" in latex
    assert r"\sqrt{n_c}" in formulas.weight_scheme("inverse_sqrt", COUNTS, 0.9, WEIGHTS)


def test_focal_sample_formula_with_alpha():
    alpha = np.array([0.25, 1.0, 2.0])
    r = focal_loss(BATCH.logits, BATCH.target, 2.0, alpha)
    c = focal_comparison(r.target_prob, r.ce, r.modulating_factor, r.alpha_t)
    latex = formulas.focal_sample(
        2,
        2,
        r.target_prob[2],
        2.0,
        2.0,
        r.ce[2],
        r.modulating_factor[2],
        r.per_sample[2],
        c.ratio[2],
    )
    assert r"\alpha_{2}" in latex and r"2 \times" in latex
    assert number(r.per_sample[2]) in latex
    assert number(2.0 * r.modulating_factor[2]) in latex  # FL / CE = alpha (1 - p_t)^2


def test_smoothing_formulas_with_the_core_numbers():
    curves = smoothing_curves(3, 0.1)
    assert "0.9333" in formulas.true_class_target(0.1, 3, curves.true_target)
    assert r"\;\neq\;" not in formulas.true_class_target(0.0, 3, 1.0)
    r = cross_entropy(BATCH.logits, BATCH.target, reduction="sum", label_smoothing=0.1)
    p = r.probs[0, 0]
    latex = formulas.smoothing_gradient(
        0, 0, p, curves.true_target, r.grad[0, 0], curves.grad_at_one
    )
    assert number(p - curves.true_target) == number(r.grad[0, 0])
    assert number(r.grad[0, 0]) in latex and "0.0667" in latex


def test_tables():
    _, _, by_class_plain, by_class = _parts("mean")
    keys = [
        "class",
        "count",
        "scheme",
        "weight",
        "share_plain",
        "share_weighted",
        "push_plain",
        "push_weighted",
    ]
    table = class_table(
        BATCH.class_names,
        COUNTS,
        WEIGHTS,
        WEIGHTS,
        by_class_plain,
        by_class,
        {k: k.upper() for k in keys},
    )
    assert list(table) == [k.upper() for k in keys]
    assert table["CLASS"] == ["cat", "dog", "猪八戒"] and table["COUNT"].tolist() == [40, 13, 4]
    r = focal_loss(BATCH.logits, BATCH.target, 2.0)
    c = focal_comparison(r.target_prob, r.ce, r.modulating_factor, r.alpha_t)
    keys = ["sample", "class", "pt", "ce", "factor", "alpha", "focal", "ratio"]
    table = focal_table(BATCH.target, BATCH.class_names, r, c, {k: k for k in keys})
    assert len(table["sample"]) == BATCH.num_samples and table["class"][:3] == list(
        BATCH.class_names
    )
    keys = ["class", "given", "smoothed", "p", "term", "grad"]
    table = smoothing_table(
        BATCH.class_names, *np.eye(3)[:3], np.zeros(3), np.zeros(3), {k: k for k in keys}
    )
    assert list(table) == keys
