"""The names pages, notebooks and other programs import stay available, with PyTorch's defaults."""

import inspect

import lossviz

SIGNATURES = {
    "softmax": "(logits, temperature=1.0, dim=None, dtype=None)",
    "log_softmax": "(logits, temperature=1.0, dim=None, dtype=None)",
    "sigmoid": "(logits)",
    "cross_entropy": "(logits, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)",  # noqa: E501
    "nll_loss": "(log_probs, target, weight=None, ignore_index=-100, reduction='mean')",
    "binary_cross_entropy": "(probs, target, weight=None, reduction='mean')",
    "binary_cross_entropy_with_logits": "(logits, target, weight=None, pos_weight=None, reduction='mean')",  # noqa: E501
    "kl_div": "(input, target, reduction='mean', log_target=False)",
    "kl_decomposition": "(p, q)",
    "focal_loss": "(logits, target, gamma=2.0, alpha=None, reduction='mean')",
    "sigmoid_focal_loss": "(logits, target, alpha=0.25, gamma=2.0, reduction='none')",
    "mse_loss": "(input, target, reduction='mean')",
    "l1_loss": "(input, target, reduction='mean')",
    "smooth_l1_loss": "(input, target, reduction='mean', beta=1.0)",
    "huber_loss": "(input, target, reduction='mean', delta=1.0)",
}


def _bare(signature: inspect.Signature) -> str:
    return str(
        signature.replace(
            parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
            return_annotation=inspect.Signature.empty,
        )
    )


def test_every_listed_name_is_exported():
    for name in [*SIGNATURES, "parse_matrix", "parse_labels", "default_device", "InputError"]:
        assert name in lossviz.__all__
        assert hasattr(lossviz, name)


def test_signatures_use_pytorch_names_and_defaults():
    for name, expected in SIGNATURES.items():
        assert _bare(inspect.signature(getattr(lossviz, name))) == expected, name


def test_input_error_is_a_value_error():
    assert issubclass(lossviz.InputError, ValueError)
