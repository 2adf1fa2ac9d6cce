"""workers.py, the one-host recipe's launcher, without starting the app: its command lines, the
shared cookie secret, and how it restarts and stops a worker (stand-in processes).
tests/hosting/test_proxy.py runs it for real behind HAProxy."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
import time

import pytest

import workers


def test_the_doctests_pass():
    assert doctest.testmod(workers).failed == 0


def test_workers_take_consecutive_ports_and_pass_the_rest_on():
    options, rest = workers.parse(["--workers", "2", "--port", "8600", "--logger.level=info"])
    commands = [workers.worker_command(port, options.address, rest) for port in (8600, 8601)]
    assert [c[c.index("--server.port") + 1] for c in commands] == ["8600", "8601"]
    assert all(c[1] == "serve.py" and c[-1] == "--logger.level=info" for c in commands)
    assert not any("cookie" in arg.lower() for c in commands for arg in c)  # never on argv


@pytest.mark.parametrize(
    "argv",
    [["--workers", "0"], ["--port", "65535", "--workers", "2"], ["--server.port=9000"]],
)
def test_bad_settings_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        workers.parse(argv)
    assert "error" in capsys.readouterr().err


def test_one_secret_for_every_worker():
    assert workers.cookie_secret({}) != workers.cookie_secret({})  # random when not given
    given = {"STREAMLIT_SERVER_COOKIE_SECRET": "kept-across-restarts"}
    assert workers.cookie_secret(given) == "kept-across-restarts"


def _stand_in(code: str) -> workers.Worker:
    return workers.Worker(1, 8600, [sys.executable, "-c", code], dict(os.environ))


def test_a_worker_that_exits_is_started_again_later_if_it_keeps_failing():
    worker = _stand_in("raise SystemExit(3)")
    worker.start()
    first = worker.process
    first.wait(10)
    now = time.monotonic()
    worker.watch(now)  # failed at once: waits 2 s, then 4 s, ... before starting again
    assert worker.process is None and worker.restart_at == pytest.approx(now + 2.0)
    worker.watch(now + 1.0)
    assert worker.process is None
    worker.watch(now + 2.0)
    assert worker.process is not None and worker.process.pid != first.pid
    worker.process.wait(10)
    worker.watch(time.monotonic())
    assert worker.failures == 2 and worker.restart_at - time.monotonic() > 3.0


def test_a_worker_that_ran_a_while_is_started_again_after_a_second():
    worker = _stand_in("raise SystemExit(0)")
    worker.start()
    worker.process.wait(10)
    worker.started -= workers.STARTUP_FAILURE_S  # it had run for a while
    now = time.monotonic()
    worker.watch(now)
    assert worker.failures == 0 and worker.restart_at == pytest.approx(now + 1.0)


def test_stopping_a_worker_ends_its_whole_process_group():
    worker = _stand_in(
        "import subprocess, sys, time; "
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)"
    )
    worker.start()
    time.sleep(0.5)
    group = worker.process.pid
    worker.stop(grace=5)
    assert worker.process.returncode is not None
    deadline = time.monotonic() + 10
    while _alive_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.1)  # the child got its signal too; it may take a moment to be gone
    assert not _alive_in_group(group)


def _alive_in_group(group: int) -> list[str]:
    """Processes of the group that are not zombies (an exited child not yet reaped)."""
    found = subprocess.run(["ps", "-o", "stat=", "-g", str(group)], capture_output=True, text=True)
    return [stat for stat in found.stdout.split() if not stat.startswith("Z")]
