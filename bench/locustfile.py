"""Load for one page, run by bench/run.py as `locust --headless` in a process of its own.

BENCH_PAGE_FILE names a JSON file: the page's name, paths, method and body (POSTs), the cookies
(none for public pages), further request headers, whether every request must write audit entries
("some") or none ("none"), the warm-up in seconds and where to write the result. Each simulated
user requests the paths in turn with no pause (a closed loop); samples from the warm-up are
dropped. At the end the file named by "out" gets every measured request: its latency, its
queries (X-Bench-Queries), the server's own time for it (X-Bench-Server-Ms) and, for pages
requested with "X-Bench-Audit: timed", the time in the audit writes (X-Bench-Audit-Ms;
bench/middleware.py); bench/run.py computes the percentiles.
"""

import itertools
import json
import os
import time
from pathlib import Path

from locust import HttpUser, constant, events, task

CONFIG = json.loads(Path(os.environ["BENCH_PAGE_FILE"]).read_text(encoding="utf-8"))
QUERIES_HEADER = "X-Bench-Queries"
AUDIT_INSERTS_HEADER = "X-Bench-Audit-Inserts"
AUDIT_MS_HEADER = "X-Bench-Audit-Ms"
SERVER_MS_HEADER = "X-Bench-Server-Ms"

_started = time.time()
# (end time, latency ms, queries, server ms, audit write ms or None)
_samples: list[tuple[float, float, int, float, float | None]] = []
_failures: list[str] = []


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.paths = itertools.cycle(CONFIG["paths"])
        cookie = {"Cookie": CONFIG["cookie"]} if CONFIG["cookie"] else {}  # none for public pages
        self.headers = {**cookie, **CONFIG.get("headers", {})}

    @task
    def page(self) -> None:
        path = next(self.paths)
        begun = time.perf_counter()
        with self.client.request(
            CONFIG.get("method", "GET"),
            path,
            data=CONFIG.get("body"),
            headers=self.headers,
            allow_redirects=False,
            name=CONFIG["name"],
            catch_response=True,
        ) as response:
            elapsed_ms = (time.perf_counter() - begun) * 1000
            queries = response.headers.get(QUERIES_HEADER)
            problem = _audit_problem(response.headers.get(AUDIT_INSERTS_HEADER))
            if response.status_code != 200 or queries is None or problem:
                problem = f"{path}: HTTP {response.status_code} {problem}".strip()
                _failures.append(problem)
                response.failure(problem)
                return
            response.success()
            if time.time() - _started >= CONFIG["warmup"]:
                audit_ms = response.headers.get(AUDIT_MS_HEADER)
                server_ms = float(response.headers.get(SERVER_MS_HEADER, "nan"))
                _samples.append(
                    (time.time(), elapsed_ms, int(queries), server_ms, None if audit_ms is None else float(audit_ms))
                )


def _audit_problem(inserts: str | None) -> str:
    """The with/without-audit comparison holds only if the page did (or did not) write entries."""
    expected = CONFIG.get("audit_inserts")
    if expected == "some" and not int(inserts or 0):
        return "wrote no audit entry"
    if expected == "none" and int(inserts or 0):
        return "wrote an audit entry with the audit switched off"
    return ""


@events.test_start.add_listener
def _on_start(**_kwargs: object) -> None:
    global _started
    _started = time.time()


@events.quitting.add_listener
def _write_result(**_kwargs: object) -> None:
    window = (_samples[-1][0] - (_started + CONFIG["warmup"])) if _samples else 0.0
    result = {
        "name": CONFIG["name"],
        "failures": len(_failures),
        "failure_examples": sorted(set(_failures))[:5],
        "seconds": round(window, 2),
        "samples": [[round(ms, 2), q, server, audit] for _end, ms, q, server, audit in _samples],
    }
    Path(CONFIG["out"]).write_text(json.dumps(result), encoding="utf-8")
