"""Predict, then reveal, and the checked exercises, on every basics page, run headless: the
numbers stay hidden until the learner predicts, the reveal scores the guess, and each exercise
passes a right answer and fails a wrong one."""

import pytest

from apptest_utils import WEIGHTED_BATCH, assert_says, click, page_text, render, set_widget
from lossviz.lessons.exercises import EXERCISES

SOFTMAX = "pages/softmax.py"
PAGES = {
    "softmax": SOFTMAX,
    "ce": "pages/cross_entropy.py",
    "bce": "pages/binary_cross_entropy.py",
    "grad": "pages/gradients.py",
    "kl": "pages/entropy_kl.py",
}

#: Per page: its questions on the seed example (widget kind, key, a right guess, a wrong one),
#: and a number the revealed page shows that the hidden one must not.
QUESTIONS = {
    "softmax": ([("number_input", "softmax_target", 0.62, 0.75)], "0.6472"),
    "ce": ([("number_input", "ce_loss", 0.45, 0.6)], "0.4351"),
    "bce": ([("number_input", "bce_loss", 1.0, 0.6)], "1.05122"),
    "grad": (
        [("radio", "grad_most_negative", "2", "0"), ("number_input", "grad_row_sum", 0.0, 0.5)],
        "-0.3528",
    ),
    "kl": (
        [
            ("radio", "kl_direction", "below", "above"),
            ("number_input", "kl_cross_entropy", 0.44, 1.0),
        ],
        "0.4351",
    ),
}

#: A right and a wrong answer to each exercise, as typed.
ANSWERS = {
    "softmax_same_probs": ("11.3, 11.3, 12.6", "1, 1, 2"),
    "softmax_cool": ("0.2", "1"),
    "ce_one_logit": ("1.3, 1.3, 6", "0, 0, 2.6"),
    "ce_softmax_log_nan": ("0, 0, -120", "0, 0, 1"),
    "bce_clamp": ("17", "3"),
    "bce_even": ("0", "0.5"),
    "grad_half": ("0, 0, 0.6931", "0, 0, 0"),
    "grad_wrong_class": ("3, 0, 0", "0, 0, 3"),
    "kl_entropy_max": ("0, 0, 0", "0, 0, 1"),
    "kl_asymmetry": ("0, 0, 5", "2, 1, 0.3"),
}


def _guess(at, questions, pick):
    for kind, question, *answers in questions:
        set_widget(at, kind, f"lv_guess_{question}", answers[pick])
    return click(at, "lv_predict_reveal")


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_predict_first_hides_the_numbers_then_reveals_and_scores_a_right_guess(topic):
    questions, shown = QUESTIONS[topic]
    at = render(PAGES[topic], predict="true")
    assert at.toggle(key="lv_predict").value is True
    assert shown not in page_text(at)
    assert not at.get("plotly_chart")
    assert_says(at, "Predict first", "hidden until you reveal")
    at = _guess(at, questions, 0)
    assert len(at.success) == len(questions) and not at.error
    assert_says(at, "Right", "Your predictions", shown)
    assert at.get("plotly_chart")
    assert f"0 of {len(questions)}" not in page_text(at)
    assert_says(at, f"{len(questions)} of {len(questions)} predictions right")


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_a_wrong_guess_is_scored_wrong_with_the_answer(topic):
    questions, _ = QUESTIONS[topic]
    at = _guess(render(PAGES[topic], predict="true"), questions, 1)
    assert len(at.error) == len(questions)
    assert_says(at, "Not quite", f"0 of {len(questions)} predictions right")


def test_reveal_asks_for_every_guess_first():
    at = click(render(SOFTMAX, predict="true"), "lv_predict_reveal")
    assert_says(at, "Make a prediction for each question first")
    assert "0.6472" not in page_text(at)


def test_show_without_predicting_reveals_unscored():
    at = click(render(SOFTMAX, predict="true"), "lv_predict_skip")
    assert_says(at, "Shown without a prediction: 0.6472", "0.6472")
    assert "predictions right" not in page_text(at)


def test_a_new_setting_asks_again_and_the_toggle_reaches_the_link():
    at = _guess(render(SOFTMAX, predict="true"), QUESTIONS["softmax"][0], 0)
    assert_says(at, "0.6472")
    at = set_widget(at, "select_slider", "lv_temperature", 2.0)
    assert "at T = 2?" in at.number_input(key="lv_guess_softmax_target").label
    assert "0.4892" not in page_text(at) and not at.get("plotly_chart")
    at = set_widget(at, "toggle", "lv_predict", False)
    assert "predict" not in at.query_params
    assert_says(at, "0.489215")


def test_the_weighted_mean_question_comes_with_weights():
    at = render(PAGES["ce"], predict="true", **WEIGHTED_BATCH)
    radio = at.radio(key="lv_guess_ce_weighted_mean")
    assert radio.options == ["above the plain mean", "below the plain mean", "equal to it"]


def test_predict_first_speaks_chinese():
    at = render(SOFTMAX, predict="true", lang="zh")
    assert_says(at, "先预测")
    label = at.number_input(key="lv_guess_softmax_target").label
    assert "softmax 给样本 0 的类别 2 的概率是多少" in label


@pytest.mark.parametrize("exercise", sorted(ANSWERS))
def test_an_exercise_link_opens_it_and_checks_a_right_and_a_wrong_answer(exercise):
    page = PAGES[EXERCISES[exercise].topic]
    right, wrong = ANSWERS[exercise]
    at = render(page, exercise=exercise)
    assert at.radio(key="lv_exercise_pick").value == exercise
    box = f"lv_exercise_answer_{exercise}"
    at = click(set_widget(at, "text_input", box, right), "lv_exercise_check")
    assert len(at.success) == 1 and not at.error, page_text(at)
    at = click(set_widget(at, "text_input", box, wrong), "lv_exercise_check")
    assert len(at.error) == 1 and not at.success, page_text(at)
    assert at.query_params["exercise"] == exercise


def test_an_exercise_answer_that_cannot_be_read_says_where():
    at = render(PAGES["ce"], exercise="ce_one_logit")
    at = set_widget(at, "text_input", "lv_exercise_answer_ce_one_logit", "1.3, x, 2.6")
    at = click(at, "lv_exercise_check")
    assert_says(at, "The answer cannot be read", "'x' is not a number")
    at = set_widget(at, "text_input", "lv_exercise_answer_ce_one_logit", "1, 2")
    at = click(at, "lv_exercise_check")
    assert_says(at, "needs 3 number(s); the answer has 2")


def test_choosing_an_exercise_goes_into_the_link_and_a_bad_one_is_reported():
    at = render(SOFTMAX)
    assert "exercise" not in at.query_params
    at = set_widget(at, "radio", "lv_exercise_pick", "softmax_cool")
    assert at.query_params["exercise"] == "softmax_cool"
    at = render(SOFTMAX, exercise="nope")
    assert_says(at, "'exercise'")


def test_an_exercise_passes_in_chinese():
    at = render(PAGES["bce"], exercise="bce_even", lang="zh")
    at = set_widget(at, "text_input", "lv_exercise_answer_bce_even", "0")
    at = click(at, "lv_exercise_check")
    assert_says(at, "正确：两个损失都是 0.6931 = log 2")
