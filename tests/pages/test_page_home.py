"""The home page and the frame: the seed example, the sidebar, presets, languages, deep links."""

from streamlit.testing.v1 import AppTest

from apptest_utils import (
    APP,
    assert_says,
    click,
    fresh_server_navigation,
    load_random_batch,
    render,
    set_widget,
    settle_navigation,
)


def test_home_starts_with_the_seed_example():
    at = render()
    assert at.title[0].value == "lossviz: classification losses, live"
    table = at.dataframe[0].value
    assert list(table.columns) == ["cat", "dog", "猪八戒", "target"]
    assert table.iloc[0].tolist() == [1.3, 1.3, 2.6, 2]


def test_sidebar_shows_language_batch_and_device():
    at = render()
    assert at.sidebar.selectbox(key="lv_lang").value == "en"
    assert at.text_area(key="lv_logits").value == "1.3, 1.3, 2.6"
    assert any("Computing on: CPU" in caption.value for caption in at.sidebar.caption)


def test_presets_load_into_the_batch_and_the_link():
    at = render()
    at.selectbox(key="lv_preset_choice").select("confident_wrong")
    click(at, "lv_preset_load")
    assert at.text_area(key="lv_logits").value.startswith("6, -1, 0.5")
    assert at.query_params["target"] == "2, 0, 1"


def test_chinese_everywhere():
    at = render(lang="zh")
    assert at.title[0].value == "lossviz：交互式分类损失讲解"
    assert at.text_area(key="lv_logits").label == "Logits（每行一个样本）"


def test_language_switch_goes_into_the_link():
    at = render()
    at.sidebar.selectbox(key="lv_lang").select("zh").run()
    assert at.query_params["lang"] == "zh"
    assert at.title[0].value == "lossviz：交互式分类损失讲解"


def test_a_deep_link_is_routed_through_the_frame_on_a_fresh_server():
    """Before any st.navigation call, Streamlit runs pages/ scripts directly."""
    fresh_server_navigation()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("pages/softmax.py").run()
        assert not at.exception
        assert at.title[0].value == "Softmax and temperature"
        assert at.sidebar.selectbox(key="lv_lang").value == "en"
    finally:
        settle_navigation()


def test_an_invalid_edit_keeps_the_last_valid_batch():
    at = set_widget(render(), "text_area", "lv_target", "7")
    assert "label 7 is out of range for 3 classes (0..2)" in at.error[0].value
    assert at.dataframe[0].value.iloc[0].tolist() == [1.3, 1.3, 2.6, 2]


def test_an_option_survives_pages_that_show_it_with_other_widgets():
    at = set_widget(render("pages/cross_entropy.py"), "radio", "lv_reduction", "sum")
    at.switch_page("pages/binary_cross_entropy.py").run()
    assert at.selectbox(key="lv_reduction").value == "sum"
    at.switch_page("pages/cross_entropy.py").run()
    assert at.radio(key="lv_reduction").value == "sum"
    assert at.query_params["reduction"] == "sum"


def test_a_large_random_batch_stays_in_the_session():
    at = load_random_batch(render(), samples=1000)
    assert_says(at, "Using the batch random_batch(seed=0): 1000 sample(s) × 3 classes")
    assert "logits" not in at.query_params


def test_home_links_to_every_page_with_what_it_is_about():
    at = render()
    links = at.get("page_link")
    assert [link.proto.page for link in links][:2] == ["softmax", "cross_entropy"]
    assert len(links) == 11
    assert links[0].proto.label == "Softmax and temperature"
    assert any(c.value == "From logits to probabilities." for c in at.caption)
    zh = render(lang="zh").get("page_link")
    assert zh[0].proto.label == "Softmax 与温度"
