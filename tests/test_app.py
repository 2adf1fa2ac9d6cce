"""The app runs headless and shows the seed example's numbers."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_home_page_shows_the_seed_example():
    at = AppTest.from_file(APP).run(timeout=30)
    assert not at.exception
    assert "0.4351" in at.latex[0].value
