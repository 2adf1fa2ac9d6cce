"""The training playground, run headless: it renders, trains when asked, stops, resets, keeps
its runs across page switches, follows its controls and links, and survives bad links.

AppTest runs the live fragment once per script run (its timer does not tick headless), so each
``at.run()`` while training advances the runs by one chunk.
"""

import re
import time

from apptest_utils import open_page, page_text
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
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Training playground"
    assert _steps(at) == [0, 0]
    text = page_text(at)
    assert "Run A (cross-entropy): step 0 of 300" in at.get("progress")[0].proto.text
    assert "points per label: 706, 223, 71" in text
    assert "Matches PyTorch's F.cross_entropy in run A's training loop (float32)" in text
    assert "Matches PyTorch's focal loss in run B's training loop (float32)" in text
    assert r"\mathcal{L}_{B} = -\frac{1}{1000} \sum_{i} (1 - p_{i,y_i})^{2}" in text
    assert len(at.get("plotly_chart")) == 6
    assert not at.button(key="lv_train_start").disabled
    assert at.button(key="lv_train_stop").disabled and at.button(key="lv_train_reset").disabled
    assert "What to look at" in text


def test_start_trains_stop_halts_start_resumes_reset_rebuilds():
    at = open_page(PAGE, train_points="200", train_steps="5000")
    at.button(key="lv_train_start").click().run()
    assert not at.exception and _pair(at).running
    assert at.button(key="lv_train_start").disabled and not at.button(key="lv_train_stop").disabled
    time.sleep(0.5)
    at.run()
    assert _steps(at)[0] >= 1
    at.button(key="lv_train_stop").click().run()
    assert not _pair(at).running
    stopped = _pair(at).runs["A"].steps_done
    assert 1 <= stopped < 5000
    time.sleep(0.3)
    at.run()
    assert _pair(at).runs["A"].steps_done == stopped  # stopped: no more steps
    assert _steps(at) == [stopped, stopped]  # in lockstep
    assert not at.button(key="lv_train_start").disabled and at.button(key="lv_train_stop").disabled
    at.button(key="lv_train_start").click().run()
    time.sleep(0.3)
    at.run()
    _pair(at).stop()
    assert _pair(at).runs["A"].steps_done > stopped
    at.button(key="lv_train_reset").click().run()
    assert not at.exception
    assert _steps(at) == [0, 0]
    assert not at.button(key="lv_train_start").disabled


def test_training_to_the_end_reruns_the_page():
    at = open_page(PAGE, **SMALL)
    at.button(key="lv_train_start").click().run()
    _train_to_the_end(at)
    assert _steps(at) == [20, 20]
    assert at.button(key="lv_train_start").disabled and at.button(key="lv_train_stop").disabled
    assert "Matches PyTorch's focal loss in run B's training loop" in page_text(at)


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
    at = open_page(PAGE, **SMALL)
    at.button(key="lv_train_start").click().run()
    _train_to_the_end(at)
    assert _steps(at) == [20, 20]
    history = at.session_state["lv_train_comparison"].runs["A"].history.copy()
    at.switch_page("pages/softmax.py").run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert _steps(at) == [20, 20]
    assert (at.session_state["lv_train_comparison"].runs["A"].history == history).all()


def test_changing_run_bs_loss_resets_only_run_b():
    at = open_page(PAGE, **SMALL)
    at.button(key="lv_train_start").click().run()
    _train_to_the_end(at)
    at.selectbox(key="lv_train_loss_b").set_value("weighted_cross_entropy").run()
    assert not at.exception
    assert _steps(at) == [20, 0]
    assert at.query_params["train_loss_b"] == "weighted_cross_entropy"
    assert r"w_c = \frac{N}{C\, n_c}" in page_text(at)


def test_each_loss_shows_its_own_parameter():
    at = open_page(PAGE, train_loss_a="label_smoothing", train_smoothing_a="0.3")
    assert not at.exception
    assert at.slider(key="lv_train_smoothing_a").value == 0.3
    assert at.slider(key="lv_train_gamma_b").value == 2.0
    keys = {slider.key for slider in at.slider}
    assert "lv_train_gamma_a" not in keys and "lv_train_smoothing_b" not in keys
    at.slider(key="lv_train_gamma_b").set_value(0.5).run()
    assert at.query_params["train_gamma_b"] == "0.5"
    assert r"(1 - p_{i,y_i})^{0.5}" in page_text(at)
    assert r"\big(0.7000\,[c = y_i] + 0.1000\big)" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
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
    assert not at.exception
    assert at.selectbox(key="lv_train_data").value == "moons"
    assert at.number_input(key="lv_train_points").value == 300
    assert at.slider(key="lv_train_imbalance").value == 4.0
    assert at.slider(key="lv_train_noise").value == 0.1
    assert at.number_input(key="lv_train_seed").value == 5
    assert at.number_input(key="lv_train_hidden").value == 16
    assert at.number_input(key="lv_train_lr").value == 0.05
    assert at.selectbox(key="lv_train_loss_a").value == "weighted_cross_entropy"
    assert "Moons always has 2 classes." in page_text(at)
    assert "labels flipped: 30" in page_text(at)
    assert "step 0 of 100" in at.get("progress")[0].proto.text
    run = at.session_state["lv_train_comparison"].runs["A"]
    assert run.config.hidden == 16 and run.config.lr == 0.05 and run.dataset.num_points == 300


def test_controls_change_the_data_and_the_link():
    at = open_page(PAGE)
    at.selectbox(key="lv_train_data").set_value("spirals").run()
    at.number_input(key="lv_train_classes").set_value(4).run()
    at.slider(key="lv_train_imbalance").set_value(1.0).run()
    assert not at.exception
    assert "points per label: 250, 250, 250, 250" in page_text(at)
    assert at.query_params["train_data"] == "spirals"
    assert at.query_params["train_classes"] == "4"
    at.number_input(key="lv_train_steps").set_value(50).run()
    assert "step 0 of 50" in at.get("progress")[1].proto.text


def test_a_broken_link_shows_messages_and_the_defaults():
    at = open_page(
        PAGE, train_data="circles", train_lr="-1", train_steps="many", train_loss_b="hinge"
    )
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for parameter in ("train_data", "train_lr", "train_steps", "train_loss_b"):
        assert f"'{parameter}'" in warnings
    assert at.selectbox(key="lv_train_data").value == "blobs"
    assert at.number_input(key="lv_train_lr").value == 0.01
    assert at.selectbox(key="lv_train_loss_b").value == "focal"


def test_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == "训练演练场"
    text = page_text(at)
    assert "看点" in text and "各标签点数" in text
    assert "训练 A（交叉熵）：第 0 / 300 步" in at.get("progress")[0].proto.text
    assert at.button(key="lv_train_start").label == "开始"


def test_many_points_render():
    at = open_page(PAGE, train_points="5000", train_classes="6", train_data="spirals")
    assert not at.exception
    assert at.session_state["lv_train_comparison"].runs["B"].dataset.num_points == 5000
    assert len(at.get("plotly_chart")) == 6


def test_an_unusable_device_gives_a_message(monkeypatch):
    monkeypatch.setenv("LOSSVIZ_DEVICE", "tpu")
    at = open_page(PAGE)
    assert not at.exception
    assert any("LOSSVIZ_DEVICE='tpu'" in error.value for error in at.error)
