"""The launcher that warms the app's imports up (serve.py), without starting a server."""

from __future__ import annotations

import pytest

import serve


def test_the_imports_of_app_py_come_first_in_their_order():
    of_app = serve.module_imports([serve.APP])
    modules = serve.module_imports(serve._scripts())
    assert modules[: len(of_app)] == of_app
    assert of_app[0] == "streamlit"
    assert {"lossviz.ui.frame", "lossviz.i18n", "lossviz.i18n.t"} <= set(of_app)
    assert len(modules) == len(set(modules))


def test_home_is_the_first_page_warmed_up():
    scripts = serve._scripts()
    assert scripts[0] == serve.APP
    assert scripts[1].name == "home.py"
    assert {script.name for script in scripts[2:]} >= {"softmax.py", "cross_entropy.py"}


def test_every_import_of_the_scripts_can_be_warmed_up():
    for name in serve.module_imports(serve._scripts()) + list(serve.EXTRA_MODULES):
        serve._import(name)  # a name imported from a module is skipped, a missing module raises


def test_a_missing_module_is_not_skipped():
    with pytest.raises(ModuleNotFoundError):
        serve._import("lossviz_no_such_module.part")


@pytest.mark.parametrize(
    "options, url",
    [
        ({}, "http://127.0.0.1:8501/_stcore/health"),
        ({"server.address": "0.0.0.0"}, "http://127.0.0.1:8501/_stcore/health"),
        ({"server.address": "::1"}, "http://[::1]:8501/_stcore/health"),
        ({"server.baseUrlPath": "/lossviz/"}, "http://127.0.0.1:8501/lossviz/_stcore/health"),
        (
            {"server.sslCertFile": "cert.pem", "server.port": 8443},
            "https://127.0.0.1:8443/_stcore/health",
        ),
    ],
)
def test_the_health_check_is_reached_where_the_server_listens(monkeypatch, options, url):
    from streamlit import config

    settings = {"server.address": None, "server.port": 8501, "server.baseUrlPath": ""}
    settings |= {"server.sslCertFile": None} | options
    monkeypatch.setattr(config, "get_option", settings.__getitem__)
    assert serve._health_url() == url
