"""Serve the app, with its imports warmed up as soon as the server runs.

    python serve.py [streamlit run options, e.g. --server.port 8501]

This is ``streamlit run app.py`` plus one background thread. Without it, the first visitor of a
fresh server waits for what the first page run imports, PyTorch above all (seconds), and for the
first Plotly figure. Here, once the server answers its health check, the thread imports the
modules that ``app.py`` and the pages import, in their order, and builds one throwaway figure. A
visitor who comes after that gets a page as fast as every later visitor; one who comes earlier
waits only for what is left (the script's imports wait for the thread's, as Python's import lock
makes them). The server's own start is not delayed. Anything that fails here is left to fail,
visibly, in the script run itself.

Then it freezes those long-lived objects for the garbage collector (``gc.freeze``), which makes
full collections cheap: see ``_freeze``.

This file lives beside ``app.py``, outside the ``lossviz`` package: ``python -m lossviz.<name>``
would import the package, and with it PyTorch, before the server starts.
"""

from __future__ import annotations

import ast
import gc
import importlib
import importlib.util
import re
import ssl
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["main", "module_imports", "warm_up"]

ROOT = Path(__file__).resolve().parent
APP = ROOT / "app.py"
#: Imported by Streamlit itself at the first ``st.dataframe`` (the home page shows one), and by
#: PyTorch at the first optimiser it builds (the playground's first run): about a second.
EXTRA_MODULES = ("pyarrow", "torch._dynamo")


def module_imports(scripts: Sequence[Path]) -> list[str]:
    """The absolute modules the scripts import at their top level, in order, without repeats.

    >>> {"streamlit", "lossviz.ui.frame"} <= set(module_imports([APP]))
    True
    """
    modules: dict[str, None] = {}
    for script in scripts:
        tree = ast.parse(script.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules[node.module] = None
                modules.update(dict.fromkeys(f"{node.module}.{alias.name}" for alias in node.names))
    return list(modules)


def _scripts() -> list[Path]:
    """app.py, then its pages: the default page (home) first."""
    pages = sorted((ROOT / "pages").glob("*.py"), key=lambda page: (page.stem != "home", page.name))
    return [APP, *pages]


def _import(name: str) -> None:
    """Import ``name``; a ``from package import name`` that names no module is skipped."""
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise


def _first_figure() -> None:
    """Build and serialise one figure with every trace type the charts use: Plotly loads its
    validators and templates at the first figure (hundreds of milliseconds)."""
    import plotly.graph_objects as go
    import plotly.io

    from lossviz.views.shared.palette import layout

    source = "".join(p.read_text("utf-8") for p in (ROOT / "lossviz" / "figures").glob("*.py"))
    kinds = sorted(set(re.findall(r"\bgo\.([A-Z]\w*)\(", source)) - {"Figure"})
    traces = [getattr(go, kind)() for kind in kinds if hasattr(go, kind)]
    plotly.io.to_json(go.Figure(traces, layout=layout("", "", "")), validate=False)


def _runtime_exists() -> bool:
    from streamlit.runtime import Runtime

    return Runtime.exists()


def _health_url() -> str:
    """The server's health check, as this machine reaches it (from Streamlit's settings)."""
    from streamlit import config

    address = config.get_option("server.address") or ""
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::") else address
    host = f"[{host}]" if ":" in host else host
    scheme = "https" if config.get_option("server.sslCertFile") else "http"
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    path = f"{base}/_stcore/health" if base else "_stcore/health"
    return f"{scheme}://{host}:{config.get_option('server.port')}/{path}"


def _server_answers(url: str) -> bool:
    context = None
    if url.startswith("https"):  # the server's own certificate, reached as 127.0.0.1
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=1, context=context) as answer:
            return answer.status == 200
    except OSError:
        return False


def _freeze() -> None:
    """Move every object made so far out of the cyclic garbage collector's sight.

    What the imports made (modules, classes, functions, Plotly's validators: some 270,000
    objects) lives as long as the process, yet every full collection walks all of them again:
    over 100 ms on a 2-core machine, holding the interpreter, so that no session is served
    meanwhile. Python runs one now and then as objects pile up, and Streamlit one after every
    script run unless ``runner.postScriptGC`` is off. Frozen, they are skipped (a full
    collection then takes a few ms); reference counting still frees them as usual. Objects of a
    session already open are frozen too: those of them that end up as garbage in reference
    cycles are not reclaimed, once, which is little.
    """
    gc.collect()
    gc.freeze()


def warm_up(timeout: float = 60.0) -> None:
    """Once the server answers, import what the app's scripts import and build a first figure.

    Importing PyTorch holds Python's interpreter lock for long stretches: started earlier, it
    would hold up the server's own start. If the server does not answer within ``timeout``
    seconds (a setting this does not foresee), the imports start anyway.
    """
    deadline = time.monotonic() + timeout
    while not _runtime_exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # Streamlit has read its settings (and the command line's) by then
    url = _health_url()
    while not _server_answers(url) and time.monotonic() < deadline:
        time.sleep(0.1)
    from streamlit.logger import get_logger

    logger = get_logger(__name__)  # the server's log, in Streamlit's format and level
    start = time.perf_counter()
    modules = module_imports(_scripts()) + list(EXTRA_MODULES)
    try:
        for name in modules:
            _import(name)
        _first_figure()
    except Exception:  # the script run meets the same error and shows it
        logger.warning("warming up the app's imports failed", exc_info=True)
        return
    _freeze()
    logger.info(
        "app imports warmed up in %.1f s; %d objects frozen for the garbage collector",
        time.perf_counter() - start,
        gc.get_freeze_count(),
    )


def _standalone(path: Path) -> ModuleType:
    """The module at ``path``, loaded without its package (which would import PyTorch now).

    ``lossviz/ui/memory.py`` and ``lossviz/ui/reconnect.py`` import only the standard library
    and Streamlit; what they set up must be in place before the server starts its threads and
    takes its first browser."""
    spec = importlib.util.spec_from_file_location(f"_serve_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: Sequence[str] | None = None) -> None:
    """``streamlit run app.py [argv]``, with ``warm_up`` in a background thread."""
    from streamlit.web import cli

    _standalone(ROOT / "lossviz" / "ui" / "memory.py").limit_arenas()  # before any thread
    _standalone(ROOT / "lossviz" / "ui" / "reconnect.py").keep_first_fragment_rerun()
    threading.Thread(target=warm_up, name="lossviz-warm-up", daemon=True).start()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
