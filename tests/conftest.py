"""Shared test settings: float64 oracles, seeded inputs and the device the parity suite runs on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(params=DEVICES)
def device(request, monkeypatch):
    """Run a test on each device present: the CPU always, CUDA too when a GPU is there."""
    monkeypatch.setenv("LOSSVIZ_DEVICE", request.param)
    return request.param


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the browser and container tests, one for the whole session
    (Playwright's synchronous API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    from browser.browser_utils import launch_chromium, settle_network

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        settle_network(browser)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def validated_figures(monkeypatch):
    """Build every figure checked against Plotly's schema, as the app does not (for speed): a
    misspelt property in a builder fails its test."""
    from lossviz.views.shared import palette

    monkeypatch.setattr(palette, "VALIDATE", True)
