r"""LaTeX for the maths behind each common mistake, with the numbers of its demonstration."""

from __future__ import annotations

from lossviz.views.shared.latex import number

__all__ = ["mistake_formula"]


def mistake_formula(mistake: str, facts: dict) -> str | None:
    r"""The formula behind ``mistake`` (a code of ``lossviz.lessons.mistakes.MISTAKES``) with the
    numbers of its demonstration (``Demonstration.facts``); None for the mistakes without one.

    >>> facts = {"label": 0, "loss_right": 0.349, "loss_wrong": 0.7663, "floor": 0.5514}
    >>> rows = mistake_formula("softmax_before_cross_entropy", facts).split(r" \\ ")
    >>> print(rows[0])
    \begin{aligned}-\log \operatorname{softmax}(z)_{0} &= 0.3490
    >>> rows[1].endswith(r"\log\left(1 + \tfrac{C-1}{e}\right) = 0.5514\end{aligned}")
    True
    >>> mistake_formula("targets_not_class_indices", {}) is None
    True
    """
    f = facts
    if mistake == "softmax_before_cross_entropy":
        y = int(f["label"])
        return _rows(
            rf"-\log \operatorname{{softmax}}(z)_{{{y}}} &= {number(f['loss_right'])}",
            rf"-\log \operatorname{{softmax}}\big(\operatorname{{softmax}}(z)\big)_{{{y}}} &= "
            rf"{number(f['loss_wrong'])} \;\ge\; \log\left(1 + \tfrac{{C-1}}{{e}}\right) = "
            rf"{number(f['floor'])}",
        )
    if mistake == "probabilities_into_nll_loss":
        y = int(f["label"])
        return (
            rf"\texttt{{nll\_loss}}(x, y) = -x_{{y}}: \quad -p_{{{y}}} = "
            rf"{number(f['loss_probabilities'])}, \quad -z_{{{y}}} = {number(f['loss_logits'])},"
            rf" \quad -\log p_{{{y}}} = {number(f['loss_right'])}"
        )
    if mistake == "bce_targets_minus_one":
        return (
            r"\ell(x, y) = -\big[y \log\sigma(x) + (1 - y)\log(1 - \sigma(x))\big]"
            r" \;\overset{y=-1}{=}\; \log\sigma(x) - 2\log\big(1 - \sigma(x)\big)"
            r" \xrightarrow{x \to -\infty} -\infty, \qquad \bar\ell = " + number(f["loss_wrong"])
        )
    if mistake == "sigmoid_before_bce_with_logits":
        return (
            r"-\log \sigma\big(\sigma(x)\big) > -\log \sigma(1) = \log\left(1 + e^{-1}\right) = "
            + number(f["floor"])
            + rf" \quad (\sigma(x) < 1); \qquad x = {f['logit']:g}: \ {number(f['loss_wrong'])}"
            + rf" \ \text{{vs}} \ {number(f['loss_right'])}"
        )
    if mistake == "kl_div_arguments":
        return (
            rf"\mathrm{{KL}}(p \,\|\, q) = \sum_c p_c \log \frac{{p_c}}{{q_c}} = {number(f['kl'])}"
            rf", \qquad \mathrm{{KL}}(q \,\|\, p) = {number(f['reverse_kl'])}, \qquad"
            rf" \texttt{{'mean'}}: \frac{{1}}{{N C}} \sum = \frac{{{number(f['kl'])}"
            rf" \times {f['samples']}}}{{{f['elements']}}} = {number(f['loss_mean'])}"
        )
    if mistake == "weighted_mean_index_vs_probabilities":
        return (
            rf"\frac{{\sum_i w_{{y_i}} \ell_i}}{{\sum_i w_{{y_i}}}} = "
            rf"\frac{{{number(f['weighted_sum'])}}}{{{f['weight_total']:g}}} = "
            rf"{number(f['loss_index'])} \qquad \text{{vs}} \qquad "
            rf"\frac{{\sum_i w_{{y_i}} \ell_i}}{{N}} = "
            rf"\frac{{{number(f['weighted_sum'])}}}{{{f['samples']}}} = {number(f['loss_one_hot'])}"
        )
    if mistake == "convex_in_logits_not_weights":
        return _rows(
            rf"L\left(\tfrac{{w_a + w_b}}{{2}}\right) &= {number(f['mid_weights'])} \;>\; "
            rf"\tfrac{{L(w_a) + L(w_b)}}{{2}} = {number(f['chord'])}",
            rf"L\left(\tfrac{{z_a + z_b}}{{2}}\right) &= {number(f['mid_logits'])} \;\le\; "
            rf"\tfrac{{L(z_a) + L(z_b)}}{{2}} = {number(f['chord'])}",
        )
    return None


def _rows(*rows: str) -> str:
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"
