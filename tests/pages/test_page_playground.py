"""The training playground, run headless: it renders, trains when asked, stops, resets, keeps
its runs across page switches, follows its controls and links. A broken link is checked with
every page's, in test_links.py.

AppTest runs the live fragment once per script run (its timer does not tick headless), so each
``at.run()`` while training advances the runs by one chunk.
"""

import re
import time

from apptest_utils import (
    assert_says,
    assert_widgets,
    click,
    open_page,
    page_text,
    render,
    set_widget,
)
from lossviz.ui import compute

PAGE = "pages/playground.py"
SMALL = {"train_points": "200", "train_steps": "20"}


def _steps(at) -> list[int]:
    """The step each run is at, from the progress bars' texts."""
    texts = [element.proto.text for element in at.get("progress")]
    return [int(re.search(r"(\d+) (?:of|/) \d+", text).group(1)) for text in texts]


def _pair(at):
    return at.session_state["lv_train_comparison"]


def _train_to_the_end(at, limit=120):
    """Rerun the page until the background thread has trained both runs to the end."""
    for _ in range(limit):
        at.run()
        assert not at.exception
        if not _pair(at).running:
            break
        time.sleep(0.1)
    at.run()
    assert not at.exception
    return at


def test_renders_the_untrained_runs():
    at = render(PAGE)
    assert at.title[0].value == "Training playground"
    assert _steps(at) == [0, 0]
    assert "Run A (cross-entropy): step 0 of 300" in at.get("progress")[0].proto.text
    assert_says(
        at,
        "points per label: 706, 223, 71",
        "Matches PyTorch's F.cross_entropy in run A's training loop (float32)",
        "Matches PyTorch's focal loss in run B's training loop (float32)",
        r"\mathcal{L}_{B} = -\frac{1}{1000} \sum_{i} (1 - p_{i,y_i})^{2}",
        "What to look at",
    )
    assert len(at.get("plotly_chart")) == 6
    assert not at.button(key="lv_train_start").disabled
    assert at.button(key="lv_train_stop").disabled and at.button(key="lv_train_reset").disabled


def test_start_trains_stop_halts_start_resumes_reset_rebuilds():
    at = click(render(PAGE, train_points="200", train_steps="5000"), "lv_train_start")
    assert _pair(at).running
    assert at.button(key="lv_train_start").disabled and not at.button(key="lv_train_stop").disabled
    time.sleep(0.5)
    at.run()
    assert _steps(at)[0] >= 1
    click(at, "lv_train_stop")
    assert not _pair(at).running
    stopped = _pair(at).runs["A"].steps_done
    assert 1 <= stopped < 5000
    time.sleep(0.3)
    at.run()
    assert _pair(at).runs["A"].steps_done == stopped  # stopped: no more steps
    assert _steps(at) == [stopped, stopped]  # in lockstep
    assert not at.button(key="lv_train_start").disabled and at.button(key="lv_train_stop").disabled
    click(at, "lv_train_start")
    time.sleep(0.3)
    at.run()
    _pair(at).stop()
    assert _pair(at).runs["A"].steps_done > stopped
    click(at, "lv_train_reset")
    assert _steps(at) == [0, 0]
    assert not at.button(key="lv_train_start").disabled


def test_training_to_the_end_reruns_the_page():
    at = _train_to_the_end(click(render(PAGE, **SMALL), "lv_train_start"))
    assert _steps(at) == [20, 20]
    # Finished, the runs cannot go on, but Start trains them again from their initial weights
    # (it stayed disabled until Reset).
    assert not at.button(key="lv_train_start").disabled and at.button(key="lv_train_stop").disabled
    assert_says(at, "Matches PyTorch's focal loss in run B's training loop")
    first = _pair(at).runs["A"].history.copy()
    at = _train_to_the_end(click(at, "lv_train_start"))
    assert _steps(at) == [20, 20]
    assert (_pair(at).runs["A"].history == first).all()  # the same seed: the same curve


def _curves_button(at):
    return next(
        element.proto
        for element in at.get("download_button")
        if "loss curves" in element.proto.label
    )


def test_the_loss_curves_download_once_trained():
    at = render(PAGE, **SMALL)
    assert _curves_button(at).disabled  # nothing trained yet
    at = _train_to_the_end(click(at, "lv_train_start"))
    button = _curves_button(at)
    assert not button.disabled and button.label == "Download the loss curves (CSV)"


def test_the_number_boxes_say_their_range():
    at = render(PAGE)
    assert at.number_input(key="lv_train_steps").label == "Steps (10 to 5,000)"
    assert at.number_input(key="lv_train_points").label == "Points (50 to 5,000)"
    assert at.number_input(key="lv_train_steps").max == 5000
    zh = render(PAGE, lang="zh")
    assert zh.number_input(key="lv_train_steps").label == "训练步数（10 至 5,000）"


def test_a_training_waits_for_a_free_slot_then_starts_by_itself():
    pool = compute.training_pool()
    holders = [object() for _ in range(pool.size)]
    for holder in holders:  # every slot taken, as by other students' trainings
        assert pool.acquire(holder, cancelled=lambda: False)
    try:
        at = open_page(PAGE, **SMALL)
        at.button(key="lv_train_start").click().run()
        assert not at.exception and _pair(at).waiting
        assert f"the server trains {pool.size} at a time, and 0 other" in page_text(at)
        assert at.button(key="lv_train_start").disabled
        assert not at.button(key="lv_train_stop").disabled
        assert _steps(at) == [0, 0]
        at.session_state["lv_lang"] = "zh"
        at.run()
        assert f"服务器同时最多训练 {pool.size} 组" in page_text(at)
    finally:
        for holder in holders:
            pool.release(holder)
    _train_to_the_end(at)
    assert _steps(at) == [20, 20]
    assert pool.running == 0


def test_finished_runs_survive_a_page_switch():
    at = _train_to_the_end(click(render(PAGE, **SMALL), "lv_train_start"))
    assert _steps(at) == [20, 20]
    history = at.session_state["lv_train_comparison"].runs["A"].history.copy()
    at.switch_page("pages/softmax.py").run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert _steps(at) == [20, 20]
    assert (at.session_state["lv_train_comparison"].runs["A"].history == history).all()


def test_changing_run_bs_loss_resets_only_run_b():
    at = _train_to_the_end(click(render(PAGE, **SMALL), "lv_train_start"))
    set_widget(at, "selectbox", "lv_train_loss_b", "weighted_cross_entropy")
    assert _steps(at) == [20, 0]
    assert at.query_params["train_loss_b"] == "weighted_cross_entropy"
    assert_says(at, r"w_c = \frac{N}{C\, n_c}")


def test_each_loss_shows_its_own_parameter():
    at = render(PAGE, train_loss_a="label_smoothing", train_smoothing_a="0.3")
    assert_widgets(at, slider={"lv_train_smoothing_a": 0.3, "lv_train_gamma_b": 2.0})
    keys = {slider.key for slider in at.slider}
    assert "lv_train_gamma_a" not in keys and "lv_train_smoothing_b" not in keys
    set_widget(at, "slider", "lv_train_gamma_b", 0.5)
    assert at.query_params["train_gamma_b"] == "0.5"
    assert_says(at, r"(1 - p_{i,y_i})^{0.5}", r"\big(0.7000\,[c = y_i] + 0.1000\big)")


def test_a_link_opens_the_same_state():
    at = render(
        PAGE,
        train_data="moons",
        train_points="300",
        train_imbalance="4",
        train_noise="0.1",
        train_seed="5",
        train_hidden="16",
        train_lr="0.05",
        train_steps="100",
        train_loss_a="weighted_cross_entropy",
    )
    assert_widgets(
        at,
        selectbox={"lv_train_data": "moons", "lv_train_loss_a": "weighted_cross_entropy"},
        number_input={
            "lv_train_points": 300,
            "lv_train_seed": 5,
            "lv_train_hidden": 16,
            "lv_train_lr": 0.05,
        },
        slider={"lv_train_imbalance": 4.0, "lv_train_noise": 0.1},
    )
    assert_says(at, "Moons always has 2 classes.", "labels flipped: 30")
    assert "step 0 of 100" in at.get("progress")[0].proto.text
    run = at.session_state["lv_train_comparison"].runs["A"]
    assert run.config.hidden == 16 and run.config.lr == 0.05 and run.dataset.num_points == 300


def test_controls_change_the_data_and_the_link():
    at = set_widget(render(PAGE), "selectbox", "lv_train_data", "spirals")
    set_widget(at, "number_input", "lv_train_classes", 4)
    set_widget(at, "slider", "lv_train_imbalance", 1.0)
    assert_says(at, "points per label: 250, 250, 250, 250")
    assert at.query_params["train_data"] == "spirals"
    assert at.query_params["train_classes"] == "4"
    set_widget(at, "number_input", "lv_train_steps", 50)
    assert "step 0 of 50" in at.get("progress")[1].proto.text


def test_chinese():
    at = render(PAGE, lang="zh")
    assert at.title[0].value == "训练演练场"
    assert_says(at, "看点", "各标签点数")
    assert "训练 A（交叉熵）：第 0 / 300 步" in at.get("progress")[0].proto.text
    assert at.button(key="lv_train_start").label == "开始"


def test_many_points_render():
    at = render(PAGE, train_points="5000", train_classes="6", train_data="spirals")
    assert at.session_state["lv_train_comparison"].runs["B"].dataset.num_points == 5000
    assert len(at.get("plotly_chart")) == 6


def test_an_unusable_device_gives_a_message(monkeypatch):
    monkeypatch.setenv("LOSSVIZ_DEVICE", "tpu")
    at = render(PAGE)
    assert any("LOSSVIZ_DEVICE='tpu'" in error.value for error in at.error)


def test_a_trained_run_can_be_looked_back_at():
    at = render(PAGE, **SMALL)
    assert not at.select_slider  # nothing trained: nothing to look back at
    at = _train_to_the_end(click(at, "lv_train_start"))
    slider = at.select_slider(key="lv_train_look_back_20")
    assert slider.options == [str(step) for step in range(21)] and slider.value == 20
    end = at.get("plotly_chart")[0].proto.spec
    at = set_widget(at, "select_slider", "lv_train_look_back_20", 5)
    assert _steps(at) == [5, 5]
    assert at.get("plotly_chart")[0].proto.spec != end  # the loss curves stop at step 5
    assert_says(at, "Matches PyTorch's focal loss in run B's training loop")
    assert _pair(at).runs["A"].steps_done == 20  # looking back trains nothing
    at = set_widget(at, "select_slider", "lv_train_look_back_20", 20)
    assert _steps(at) == [20, 20]
