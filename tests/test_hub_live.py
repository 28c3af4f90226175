"""A course on a real JupyterHub on 127.0.0.1 (deploy/jupyterhub/jupyterhub_config.py, with the
test authenticator and local servers in cgroups: tests/hub/): students log in, their servers
spawn and open the dashboard through the hub's proxy, answers recorded in headless Chromium are
stored once in the class database through the results service; a student can open no one else's
server, and code a student runs in their own server cannot touch another student's results; a
server culled when idle comes back with its practice history; a student's server under 1 CPU /
2 GiB records a 45 s answer and a mock interview, and a reloaded page keeps one kernel.

Needs jupyterhub (the `hub` extra), configurable-http-proxy (npm; `make test` installs it under
.cache/node) and Debian's Chromium; slow (a few minutes)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from mmer.errors import AccessDeniedError
from test_browser import Page, _visible, _wait, fake_devices  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

#: Seconds of idleness after which the test hub's culler stops a server (1800 on a class hub).
CULL_SECONDS = 40


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    pytest.importorskip("jupyterhub")
    pytest.importorskip("selenium")
    from harness import TemporaryPostgres, postgres_binaries, proxy_command, start_hub

    if proxy_command() is None:
        pytest.skip("configurable-http-proxy is not installed (make test installs it with npm)")
    folder = tmp_path_factory.mktemp("hub")
    with contextlib.ExitStack() as stack:
        # The class database: PostgreSQL where this machine has it, as a class's would be.
        db_url = (stack.enter_context(TemporaryPostgres()) if postgres_binaries()
                  else f"sqlite:///{folder / 'class.sqlite'}")
        yield stack.enter_context(start_hub(folder, db_url, cull_seconds=CULL_SECONDS))


def log_in(driver, hub, name):
    """Log in on the hub's page as ``name``; returns once the login was accepted."""
    driver.get(hub.url + "hub/login")
    _wait(driver, lambda d: _visible(d, "#username_input"), 30, "the hub's login page")
    driver.find_element("css selector", "#username_input").send_keys(name)
    driver.find_element("css selector", "#password_input").send_keys("any password: the test authenticator")
    driver.find_element("css selector", "#login_submit").click()


def open_dashboard(driver, hub, name, timeout=240) -> float:
    """Log in and wait for the dashboard (the server spawns on the way); returns the seconds from
    the login to the dashboard drawn."""
    start = time.perf_counter()
    log_in(driver, hub, name)
    _wait(driver, lambda d: _visible(d, ".mmer-app .widget-checkbox input"), timeout, f"{name}'s dashboard")
    assert f"/user/{name}/voila/render/mmer/dashboard.ipynb" in driver.current_url
    return time.perf_counter() - start


def run_in_server(hub, name, code: str, timeout=120) -> str:
    """Run ``code`` in a new kernel of ``name``'s own server, as the student would in a notebook
    there (the server's environment and token); returns what it printed."""
    import asyncio
    import uuid

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    token = hub.token_for(name, [f"access:servers!user={name}"])
    base = f"{hub.url}user/{name}/api/kernels"
    request = urllib.request.Request(base, data=b"{}", method="POST", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        kernel = json.loads(response.read())["id"]

    async def execute():
        ws = await websocket_connect(HTTPRequest(base.replace("http", "ws", 1) + f"/{kernel}/channels",
                                                 headers={"Authorization": f"token {token}"}))
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name, "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        printed, error = [], None
        while True:
            raw = await asyncio.wait_for(ws.read_message(), timeout)
            if raw is None:
                raise RuntimeError("the kernel's connection closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                printed.append(msg["content"]["text"])
            elif kind == "error":
                error = "\n".join(msg["content"]["traceback"])
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                ws.close()
                if error:
                    raise AssertionError(f"the student's code failed:\n{error}")
                return "".join(printed)

    try:
        return asyncio.run(execute())
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{base}/{kernel}", method="DELETE",
                                                      headers={"Authorization": f"token {token}"}), timeout=30)


def test_students_record_through_the_hub(hub, fake_devices, tmp_path):
    """Two students at once: log in, their servers spawn and open the dashboard, each records a
    video answer; each answer is stored once, as its student's, in the class database."""
    from harness import chromium_driver

    students, times, failures = ["alice", "bob"], {}, []

    def student(name):
        driver = chromium_driver(tmp_path / name, fake_video=fake_devices[0], fake_audio=fake_devices[1])
        try:
            spawn_to_dashboard = open_dashboard(driver, hub, name)
            page = Page(driver, hub.db_url)
            page.tick_consent()
            page.tab("One question: video")
            stopped = page.record(3)
            page.wait_text("Your most frequent emotion is", 120)
            times[name] = (spawn_to_dashboard, time.perf_counter() - stopped)
            assert not page.errors(), page.errors()
        except Exception as exc:
            driver.save_screenshot(str(tmp_path / f"failure-{name}.png"))
            failures.append(f"{name}: {exc!r}")
        finally:
            driver.quit()

    threads = [threading.Thread(target=student, args=(name,)) for name in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, (failures, hub.log())
    for name, (spawn, results) in times.items():
        print(f"{name}: login to dashboard {spawn:.1f} s (the server spawned on the way), results {results:.1f} s "
              "after Stop")
    store = hub.store()
    for name in students:
        sessions = store.sessions_of(name)
        assert len(sessions) == 1, sessions
        assert sorted(r["modality"] for r in store.results(sessions[0])) == ["answer", "audio", "text", "video"]
    store.close()


def test_a_student_cannot_open_another_students_server(hub, tmp_path):
    from harness import chromium_driver

    if not hub.server_running("bob"):
        hub.start_server("bob")
    for intruder in ("alice", "ms-lee"):  # another student, and the teacher
        driver = chromium_driver(tmp_path / intruder)
        try:
            log_in(driver, hub, intruder)
            _wait(driver, lambda d: "/hub/" in d.current_url or "/user/" in d.current_url, 60, "the login")
            for path in ("api/contents", "voila/render/mmer/dashboard.ipynb"):  # bob's files, bob's dashboard
                driver.get(f"{hub.url}user/bob/{path}")
                _wait(driver, lambda d: any(word in d.find_element("tag name", "body").text
                                            for word in ("Forbidden", "403")), 60, f"the hub to refuse {path}")
                assert not _visible(driver, ".mmer-app") and '"directory"' not in driver.page_source
        finally:
            driver.quit()
    # ... nor read another student's user record on the hub with their own token
    alice_token = hub.token_for("alice", ["inherit"])
    with pytest.raises(urllib.error.HTTPError) as refused:
        hub.api("GET", "users/bob", token=alice_token)
    assert refused.value.code in (403, 404)


CODE_OF_A_CURIOUS_STUDENT = """
import json, os
from mmer.errors import AccessDeniedError
from mmer.examples import example_answer
from mmer.store import open_store

store = open_store()
seen = {"store": type(store).__name__, "who": store.signed_in_as, "database_url": os.environ.get("MMER_DATABASE_URL")}
attempts = {
    "read": lambda: store.results(OTHER),
    "add": lambda: store.add_answer(OTHER, example_answer(5.0)),
    "delete": lambda: store.delete_session(OTHER),
    "keep as practice": lambda: store.link_practice(None, OTHER),
    "class figures": lambda: store.class_figures(),
}
for what, attempt in attempts.items():
    try:
        attempt()
        seen[what] = "allowed"
    except AccessDeniedError:
        seen[what] = "refused"
mine = store.new_session()
store.add_answer(mine, example_answer(5.0))
store.link_practice(None, mine, role="data analyst")
seen["history"] = [h["role"] for h in store.practice_history()]
seen["deleted own"] = store.delete_session(mine)
seen["history after"] = len(store.practice_history())
print(json.dumps(seen))
"""


def test_code_a_student_runs_cannot_touch_another_students_results(hub):
    store = hub.store()
    other = store.sessions_of("bob")[0] if store.sessions_of("bob") else store.new_session(owner="bob")
    before = store.results(other)
    if not hub.server_running("alice"):
        hub.start_server("alice")
    seen = json.loads(run_in_server(hub, "alice", CODE_OF_A_CURIOUS_STUDENT.replace("OTHER", repr(other))))
    assert seen["store"] == "ServiceResultStore" and seen["who"] == "alice"
    assert seen["database_url"] is None  # the class database's address is not in a student's server
    for what in ("read", "add", "delete", "keep as practice", "class figures"):
        assert seen[what] == "refused", seen
    assert seen["history"] == ["data analyst"] and seen["deleted own"] == 4 and seen["history after"] == 0
    assert store.results(other) == before
    # The teacher reads the class figures through the service (nothing of a single student's).
    from mmer.store.remote import ServiceResultStore

    teacher = ServiceResultStore(hub.url + "services/mmer-results/",
                                 token=hub.token_for("ms-lee", ["access:services!service=mmer-results"]))
    figures = teacher.class_figures()
    assert teacher.teacher and figures["kinds"]["video"]["candidates"] >= 1
    with pytest.raises(AccessDeniedError):  # the teacher role opens no student's session
        teacher.results(other)
    store.close()


def test_a_culled_server_comes_back_with_its_practice_history(hub, tmp_path):
    from harness import chromium_driver

    if not hub.server_running("alice"):
        hub.start_server("alice")
    run_in_server(hub, "alice", "from mmer.store import open_store\nfrom mmer.examples import example_answer\n"
                                "s = open_store(); i = s.new_session(); s.add_answer(i, example_answer(5.0))\n"
                                "s.link_practice(None, i, role='nurse')")
    # Nobody uses alice's server now: the idle culler stops it.
    deadline = time.monotonic() + CULL_SECONDS + 90
    while hub.server_running("alice"):
        assert time.monotonic() < deadline, f"the idle culler did not stop alice's server:\n{hub.log()}"
        time.sleep(2)
    assert "Culling server alice" in (hub.folder / "hub.log").read_text(errors="replace")  # the culler did it
    driver = chromium_driver(tmp_path / "alice-again")
    try:
        open_dashboard(driver, hub, "alice")
        page = Page(driver, hub.db_url)
        page.wait_text("course login, alice", 90)  # shown once the store is open (a few s after the page)
        page.wait_text("Your sessions", 30)
        table = driver.find_element("css selector", ".mmer-history").text
        assert "nurse" in table
    finally:
        driver.quit()


def test_a_students_server_under_1_cpu_2_gib(hub, fake_devices, tmp_path):
    """The deploy config's per-student limit (1 CPU, 2 GiB; a cgroup here, systemd's or
    Kubernetes' on a class hub): a reloaded page keeps one kernel, a 45 s answer and a mock
    interview work, and nothing is killed for memory."""
    from harness import ResourceLimit, chromium_driver

    if not ResourceLimit.available():
        pytest.skip("no cgroup can be made on this machine (needs root and cgroups v1)")
    from test_browser import ANSWER

    name = "carol"
    driver = chromium_driver(tmp_path / name, fake_video=fake_devices[0], fake_audio=fake_devices[1],
                             size=(1366, 900))
    try:
        open_dashboard(driver, hub, name)
        limit = hub.cgroup_of(name)
        assert limit is not None and int((limit.memory / "memory.limit_in_bytes").read_text()) == 2 * 2**30
        token = hub.token_for(name, [f"access:servers!user={name}"])

        def kernels():
            request = urllib.request.Request(f"{hub.url}user/{name}/api/kernels",
                                             headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())

        for _ in range(2):
            driver.refresh()
            _wait(driver, lambda d: _visible(d, ".mmer-app .widget-checkbox input"), 120, "the reloaded dashboard")
        _wait(driver, lambda d: len(kernels()) == 1, 30, "one kernel after two reloads")

        page = Page(driver, hub.db_url)
        page.tick_consent()
        page.tab("One question: video")
        page.button("Start Recording").click()
        page.wait_text("45 s left", 20)
        page.wait_text("The recording is over", 70)
        stopped = time.perf_counter()
        page.wait_text("Your most frequent emotion is", 120)
        after_stop = time.perf_counter() - stopped
        assert not page.errors(), page.errors()

        page.button("Mock interview").click()
        page.button("Start the interview").click()
        page.wait_text("Question 1 of 3", 20)
        page.record(3)
        page.wait_text("Your most frequent emotion is", 120)
        page.button("Next question").click()
        page.button("I'm ready").click()
        page.wait_text("Question 2 of 3", 20)
        page.tab("By voice")
        page.record(3)
        page.wait_text("Your most frequent emotion is", 120)
        page.button("Next question").click()
        page.button("I'm ready").click()
        page.wait_text("Question 3 of 3", 20)
        page.tab("In writing")
        _wait(driver, lambda d: _visible(d, ".mmer-mock textarea"), 10, "the answer box")[0].send_keys(ANSWER)
        page.button("Start Analysis").click()
        page.wait_text("Your most visible trait is", 90)
        page.button("Finish the interview").click()
        page.wait_text("Your mock interview", 30)
        page.wait_text("Your sessions", 30)  # kept under the login
        assert not page.errors(), page.errors()
        print(f"{name}'s server under 1 CPU / 2 GiB: 45 s answer's results {after_stop:.1f} s after the automatic "
              f"stop; peak memory {limit.peak_mib:.0f} MiB; throttled {limit.throttled} times; "
              f"killed for memory {limit.oom_kills}")
        assert limit.oom_kills == 0 and limit.peak_mib < 2048
        assert len(kernels()) == 1
    except Exception:
        driver.save_screenshot(str(tmp_path / "failure.png"))
        raise
    finally:
        driver.quit()
    store = hub.store()
    assert len(store.practice_history(None, owner=name)) == 1
    store.close()
