"""The home page and the frame: the seed example, the sidebar, presets, languages, deep links."""

from streamlit.testing.v1 import AppTest

from apptest_utils import APP, fresh_server_navigation, open_page, page_text, settle_navigation


def test_home_starts_with_the_seed_example():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "lossviz: classification losses, live"
    table = at.dataframe[0].value
    assert list(table.columns) == ["cat", "dog", "猪八戒", "target"]
    assert table.iloc[0].tolist() == [1.3, 1.3, 2.6, 2]


def test_sidebar_shows_language_batch_and_device():
    at = open_page()
    assert at.sidebar.selectbox(key="lv_lang").value == "en"
    assert at.text_area(key="lv_logits").value == "1.3, 1.3, 2.6"
    assert any("Computing on: CPU" in caption.value for caption in at.sidebar.caption)


def test_presets_load_into_the_batch_and_the_link():
    at = open_page()
    at.selectbox(key="lv_preset_choice").select("confident_wrong")
    at.button(key="lv_preset_load").click().run()
    assert not at.exception
    assert at.text_area(key="lv_logits").value.startswith("6, -1, 0.5")
    assert at.query_params["target"] == "2, 0, 1"


def test_chinese_everywhere():
    at = open_page(lang="zh")
    assert at.title[0].value == "lossviz：交互式分类损失讲解"
    assert at.text_area(key="lv_logits").label == "Logits（每行一个样本）"


def test_language_switch_goes_into_the_link():
    at = open_page()
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
    at = open_page()
    at.text_area(key="lv_target").input("7").run()
    assert not at.exception
    assert "label 7 is out of range for 3 classes (0..2)" in at.error[0].value
    assert at.dataframe[0].value.iloc[0].tolist() == [1.3, 1.3, 2.6, 2]


def test_an_option_survives_pages_that_show_it_with_other_widgets():
    at = open_page("pages/cross_entropy.py")
    at.radio(key="lv_reduction").set_value("sum").run()
    at.switch_page("pages/binary_cross_entropy.py").run()
    assert at.selectbox(key="lv_reduction").value == "sum"
    at.switch_page("pages/cross_entropy.py").run()
    assert at.radio(key="lv_reduction").value == "sum"
    assert at.query_params["reduction"] == "sum"


def test_a_large_random_batch_stays_in_the_session():
    at = open_page()
    at.number_input(key="lv_random_samples").set_value(1000)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    assert "Using the batch random_batch(seed=0): 1000 sample(s) × 3 classes" in page_text(at)
    assert "logits" not in at.query_params
