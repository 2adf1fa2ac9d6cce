"""Presenter mode, headless: the switch, no sidebar, the control in focus, the derivation revealed
step by step with the buttons, all of it in the link and in both languages."""

import pytest

from apptest_utils import WEIGHTED_BATCH, assert_says, click, latex_text, page_text, render
from lossviz.inputs.urlstate import FOCUSABLE
from lossviz.ui.presenter import PAGE_CONTROLS

PAGES = [f"pages/{page}.py" for page in PAGE_CONTROLS]
CE = "pages/cross_entropy.py"


def _controls(at) -> list[str]:
    """The page controls drawn, by the state fields they show (their keys are ``lv_<field>``)."""
    found = []

    def walk(node) -> None:
        key = getattr(node, "key", None)
        if isinstance(key, str) and key.startswith("lv_") and key[3:] in FOCUSABLE:
            found.append(key[3:])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def test_the_sidebar_switch_opens_presenter_mode_at_the_first_step():
    at = render(CE)
    assert at.sidebar.toggle(key="lv_present").value is False
    at.sidebar.toggle(key="lv_present").set_value(True).run()
    assert not at.exception
    assert at.query_params["present"] == "True" and at.query_params["step"] == "1"
    assert len(at.sidebar) == 0  # no sidebar: no language switch, no batch editor
    assert at.toggle(key="lv_present").value is True  # the way back, on the page
    assert at.expander[0].label == "About this page"  # the introduction, folded
    assert r"\mathrm{lse}" in latex_text(at) and r"\log p = x" not in latex_text(at)
    at.toggle(key="lv_present").set_value(False).run()
    assert "present" not in at.query_params and "step" not in at.query_params
    assert at.sidebar.toggle(key="lv_present").value is False
    assert_says(at, "Matches PyTorch's F.cross_entropy")


def test_the_cross_entropy_pipeline_is_revealed_one_step_at_a_time():
    at = render(CE, present="true", step="1")
    assert at.button(key="lv_step_previous").disabled
    assert "Matches PyTorch" not in page_text(at)  # the result is not given before the last step
    steps = [
        r"\mathrm{lse}",  # 1. log-sum-exp
        r"\left[-1.7351,\ -1.7351,\ -0.4351\right]",  # 2. log-softmax
        r"\log p_{2} = -0.4351",  # 3. pick the target's
        r"1 \times 0.4351 = 0.4351",  # 4. weight
        r"L = \frac{",  # 5. reduce
    ]
    for shown in range(1, 6):
        text = latex_text(at)
        assert all(part in text for part in steps[:shown]), shown
        assert not any(part in text for part in steps[shown:]), shown
        assert f"Step {shown} of 5" in " ".join(c.value for c in at.caption)
        if shown < 5:
            click(at, "lv_step_next")
            assert at.query_params["step"] == str(shown + 1)
    assert at.button(key="lv_step_next").disabled
    assert_says(at, "Matches PyTorch's F.cross_entropy")
    click(at, "lv_step_previous")
    assert at.query_params["step"] == "4" and r"L = \frac{" not in latex_text(at)


def test_a_link_opens_a_later_step_and_step_0_shows_every_step():
    at = render(CE, present="true", step="4")
    assert r"1 \times 0.4351 = 0.4351" in latex_text(at) and r"L = \frac{" not in latex_text(at)
    at = render(CE, present="true")
    assert r"L = \frac{" in latex_text(at)
    assert at.button(key="lv_step_next").disabled
    at = render(CE, step="2")  # outside presenter mode the step changes nothing
    assert r"L = \frac{" in latex_text(at)
    assert not [b for b in at.button if b.key == "lv_step_next"]


def test_focus_leaves_one_control_on_screen_and_keeps_the_others_values():
    at = render(
        "pages/softmax.py", present="true", focus="temperature", shift="2", **WEIGHTED_BATCH
    )
    assert _controls(at) == ["temperature"]
    assert at.query_params["shift"] == "2.0"  # a hidden control keeps its value
    at.select_slider(key="lv_temperature").set_value(2.0).run()
    assert at.query_params["temperature"] == "2.0" and at.query_params["focus"] == "temperature"
    at.selectbox(key="lv_focus").select("").run()  # every control again
    assert set(_controls(at)) == {"temperature", "sample", "shift"}
    at = render(CE, present="true", focus="none")
    assert _controls(at) == []
    assert "No label equals -100" not in " ".join(c.value for c in at.caption)


def test_outside_presenter_mode_focus_changes_nothing():
    at = render("pages/softmax.py", focus="temperature", **WEIGHTED_BATCH)
    assert set(_controls(at)) == {"temperature", "sample", "shift"}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_presents_and_lists_its_controls(page):
    at = render(page, present="true", **WEIGHTED_BATCH)
    drawn = set(_controls(at))
    assert drawn and drawn <= set(PAGE_CONTROLS[page.split("/")[1][:-3]])
    options = at.selectbox(key="lv_focus").options
    assert options[0] == "All of this page's controls" and options[-1] == "No controls"
    at = render(page, present="true", focus="none", **WEIGHTED_BATCH)
    assert _controls(at) == []


def test_presenter_mode_in_chinese():
    at = render(CE, present="true", step="2", lang="zh")
    assert at.toggle(key="lv_present").label == "演示模式"
    assert_says(at, "第 2 步，共 5 步")
    assert at.button(key="lv_step_next").label == "下一步"


def test_a_bad_focus_is_reported_and_ignored():
    at = render("pages/softmax.py", present="true", focus="logits")
    assert "focus" in at.warning[0].value and "is no page control" in at.warning[0].value
    assert "temperature" in _controls(at)


@pytest.mark.parametrize("page", ["pages/softmax.py", CE])
def test_a_presenters_focus_leaves_out_predict_first_and_the_exercises_unless_the_link_asks(page):
    focused = render(page, present="true", focus="none")
    assert not [w for w in focused.toggle if w.key == "lv_predict"]
    assert not [e for e in focused.expander if "Exercises" in e.label]
    asked = render(page, present="true", focus="none", predict="true")
    assert [w.value for w in asked.toggle if w.key == "lv_predict"] == [True]
    whole = render(page, present="true")  # no focus: every control, these too
    assert [w for w in whole.toggle if w.key == "lv_predict"]
