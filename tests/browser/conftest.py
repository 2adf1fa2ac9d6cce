"""Browser tests: the app served by ``streamlit run``, driven in headless Chromium by Playwright.

The ``app`` fixture starts the server on a free loopback port and stops it (its whole process
group) afterwards, whatever happens. The ``page`` fixture opens a fresh browser context, records
console errors, fails a test that logs an unexpected one, and on failure saves a screenshot, the
page's text and the console under ``test-artifacts/browser/<test>/`` (the summary names it).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .browser_utils import SAVED, App, Console, new_page, save_artifacts, start_app


@pytest.fixture(scope="session")
def app() -> Iterator[App]:
    yield from start_app("streamlit")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Browser, console: Console, request) -> Iterator[Page]:
    page = new_page(browser, console)
    yield page
    report = getattr(request.node, "report_call", None)
    if (report is not None and report.failed) or console.errors:
        pages = [p for context in browser.contexts for p in context.pages]
        save_artifacts(request.node.nodeid.split("::", 1)[-1], pages, console)
    for context in list(browser.contexts):
        context.close()
    if console.errors:
        pytest.fail("console errors:\n" + "\n".join(console.errors), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if SAVED:
        terminalreporter.section("browser test artifacts (screenshots, page text)")
        for folder in dict.fromkeys(SAVED):
            terminalreporter.write_line(str(folder))
