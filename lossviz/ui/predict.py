"""Predict, then reveal, and checked exercises: the widgets a basics page draws for them.

In "predict first" mode (a toggle, or a teacher's link with ``?predict=true``) a page asks its
questions (``lossviz.lessons.predictions``) before it shows the numbers they are about, and
draws the rest of its lesson only once the learner reveals them: ``predict_first`` returns
False until then, and the page returns early. A question's answer comes from the page's own
results, so a new sample or a moved control asks again. The exercises
(``lossviz.lessons.exercises``) sit in an expander the link can open on one of them
(``?exercise=<id>``); the core checks each answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from lossviz.errors import InputError
from lossviz.i18n import translate_error
from lossviz.inputs.parsing import parse_matrix
from lossviz.lessons.exercises import EXERCISES, Verdict, check, exercises_for
from lossviz.lessons.predictions import Question, Score, score
from lossviz.ui import state
from lossviz.ui.components import escape_markdown
from lossviz.ui.frame import PageContext

__all__ = ["exercise_panel", "predict_first", "predict_toggle", "teaching_tools"]

#: Revealed questions of this session: {fingerprint: [Score, ...]}.
REVEALED = "lv_predict_revealed"
#: This session's tally: [right, scored].
TALLY = "lv_predict_tally"
#: The fingerprint of the questions the learner tried to reveal with a guess missing.
MISSING = "lv_predict_missing"
#: The verdict of each exercise's last check: {exercise id: (answer text, Verdict)}.
VERDICTS = "lv_exercise_verdicts"


def predict_toggle(context: PageContext) -> bool:
    """The "Predict first" switch, bound to the link's ``predict``."""
    return state.bound(
        st.toggle, "predict", context.t("predict.toggle"), help=context.t("predict.toggle_help")
    )


def _fingerprint(topic: str, questions: Sequence[Question]) -> tuple:
    return (topic, *((q.id, q.answer, q.params) for q in questions))


def _question_text(context: PageContext, question: Question) -> str:
    return context.t(f"predict.{question.id}", **dict(question.params))


def _guess_widget(
    context: PageContext, question: Question, option_text: Callable[[Question, str], str]
) -> object:
    label, key = _question_text(context, question), _guess_key(question)
    if question.kind == "choice":
        return st.radio(
            label,
            question.options,
            index=None,
            format_func=lambda option: escape_markdown(option_text(question, option)),
            horizontal=True,
            key=key,
        )
    return st.number_input(label, value=None, step=0.01, format="%.4f", key=key)


def _show_score(
    context: PageContext, question: Question, result: Score | None, option_text
) -> None:
    """One question after the reveal: the guess, the answer, right or not."""
    text = _question_text(context, question)
    if question.kind == "choice":
        answer = escape_markdown(option_text(question, str(question.answer)))
        guess = escape_markdown(option_text(question, str(result.guess))) if result else ""
    else:
        answer = f"{float(question.answer):.4g}"
        guess = f"{float(result.guess):.4g}" if result else ""
    if result is None:
        st.info(
            f"{text}  \n" + context.t("predict.skipped", answer=answer),
            icon=":material/visibility:",
        )
        return
    if question.kind == "number":
        tolerance = f"{question.tolerance:.2g}"
        key = "predict.right_number" if result.correct else "predict.wrong_number"
        line = context.t(key, guess=guess, answer=answer, tolerance=tolerance)
    else:
        key = "predict.right_choice" if result.correct else "predict.wrong_choice"
        line = context.t(key, guess=guess, answer=answer)
    if result.correct:
        st.success(f"{text}  \n{line}", icon=":material/check_circle:")
    else:
        st.error(f"{text}  \n{line}", icon=":material/cancel:")


def _guess_key(question: Question) -> str:
    return f"lv_guess_{question.id}"


def _reveal(questions: Sequence[Question], fingerprint: tuple, scored: bool) -> None:
    """The reveal button's callback: score the guesses (all of them, else ask for the missing
    ones) and keep the scores; the skip button's (``scored`` False): reveal without scoring.
    The guesses are then cleared, so the next question starts blank."""
    guesses = {q.id: st.session_state.get(_guess_key(q)) if scored else None for q in questions}
    if scored and any(guess is None for guess in guesses.values()):
        st.session_state[MISSING] = fingerprint
        return
    st.session_state.pop(MISSING, None)
    scores = [score(q, guesses[q.id]) if guesses[q.id] is not None else None for q in questions]
    st.session_state.setdefault(REVEALED, {})[fingerprint] = scores
    if scored:
        tally = st.session_state.setdefault(TALLY, [0, 0])
        tally[0] += sum(result.correct for result in scores)
        tally[1] += len(scores)
    for question in questions:
        st.session_state.pop(_guess_key(question), None)


def predict_first(
    context: PageContext,
    topic: str,
    questions: Sequence[Question],
    option_text: Callable[[Question, str], str] = lambda question, option: option,
) -> bool:
    """Ask ``questions`` first when predict-first mode is on: True once the learner revealed
    the answers (or when the mode is off, or nothing is asked), False while the page must keep
    its numbers hidden. ``option_text`` words a choice's option (a class index, "above"...)."""
    if not state.current().predict or not questions:  # the toggle may have moved this run
        return True
    fingerprint = _fingerprint(topic, questions)
    revealed = st.session_state.get(REVEALED, {})
    t = context.t
    if fingerprint in revealed:
        with st.container(border=True):
            st.markdown(f"**{t('predict.revealed_header')}**")
            for question, result in zip(questions, revealed[fingerprint], strict=True):
                _show_score(context, question, result, option_text)
            right, scored = st.session_state.get(TALLY, (0, 0))
            if scored:
                st.caption(t("predict.tally", right=right, scored=scored))
        return True
    with st.container(border=True):
        st.markdown(f"**{t('predict.header')}**")
        st.caption(t("predict.hidden"))
        for question in questions:
            _guess_widget(context, question, option_text)
        if st.session_state.get(MISSING) == fingerprint:
            st.warning(t("predict.missing"), icon=":material/edit:")
        buttons = st.columns([1, 1, 3])
        buttons[0].button(
            t("predict.reveal"),
            type="primary",
            icon=":material/visibility:",
            on_click=_reveal,
            args=(questions, fingerprint, True),
            key="lv_predict_reveal",
        )
        buttons[1].button(
            t("predict.skip"),
            on_click=_reveal,
            args=(questions, fingerprint, False),
            key="lv_predict_skip",
        )
    return False


def _answer(text: str, kind: str) -> list[float]:
    """The numbers a learner typed for an exercise (raises ``InputError`` saying where)."""
    values = parse_matrix(text, "answer" if kind == "number" else "logits")
    return values.ravel().tolist()


def _show_verdict(context: PageContext, verdict: Verdict) -> None:
    values = dict(verdict.values)
    if verdict.reason in ("count", "not_finite"):
        st.error(context.t(f"exercise.{verdict.reason}", **values), icon=":material/cancel:")
    elif verdict.passed:
        st.success(
            context.t(f"exercise.{verdict.exercise}.passed", **values),
            icon=":material/check_circle:",
        )
    else:
        st.error(
            context.t(f"exercise.{verdict.exercise}.{verdict.reason}", **values),
            icon=":material/cancel:",
        )


def _choose(ids: tuple[str, ...]) -> None:
    state.update(exercise=st.session_state["lv_exercise_pick"])


def exercise_panel(context: PageContext, topic: str) -> None:
    """The page's exercises in an expander (open when the link names one of them): the task,
    an answer box, a check, and the core's verdict with its numbers."""
    ids = exercises_for(topic)
    if not ids:
        return
    t = context.t
    chosen = context.state.exercise
    opened = chosen in ids
    with st.expander(
        t("exercise.header", count=len(ids)), expanded=opened, icon=":material/school:"
    ):
        if "lv_exercise_pick" not in st.session_state or (
            opened and st.session_state["lv_exercise_pick"] != chosen
        ):
            st.session_state["lv_exercise_pick"] = chosen if opened else ids[0]
        if st.session_state["lv_exercise_pick"] not in ids:
            st.session_state["lv_exercise_pick"] = ids[0]
        exercise_id = st.radio(
            t("exercise.choose"),
            ids,
            format_func=lambda name: t(f"exercise.{name}.title"),
            key="lv_exercise_pick",
            on_change=_choose,
            args=(ids,),
        )
        exercise = EXERCISES[exercise_id]
        st.markdown(t(f"exercise.{exercise_id}.task"))
        text = st.text_input(
            t(f"exercise.answer_{exercise.answer}", size=exercise.size),
            key=f"lv_exercise_answer_{exercise_id}",
            placeholder=t(f"exercise.placeholder_{exercise.answer}"),
        )
        verdicts = st.session_state.setdefault(VERDICTS, {})
        if st.button(t("exercise.check"), icon=":material/fact_check:", key="lv_exercise_check"):
            try:
                verdicts[exercise_id] = (text, check(exercise_id, _answer(text, exercise.answer)))
            except InputError as error:
                verdicts.pop(exercise_id, None)
                st.error(
                    t("exercise.unreadable", message=translate_error(str(error), context.lang)),
                    icon=":material/error:",
                )
        checked = verdicts.get(exercise_id)
        if checked is not None and checked[0] == text:
            _show_verdict(context, checked[1])


def teaching_tools(context: PageContext, topic: str) -> bool:
    """The predict-first switch beside the page's exercises; returns whether predict-first mode
    is on. A presenter who keeps the screen to the control being taught (``focus``) sees neither,
    unless the link asks for predict-first or names an exercise."""
    current = context.state
    if current.present and current.focus and not (current.predict or current.exercise):
        return False
    left, right = st.columns([1, 3], vertical_alignment="top")
    with left:
        on = predict_toggle(context)
    with right:
        exercise_panel(context, topic)
    return on
