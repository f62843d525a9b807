"""Load for one page, run by bench/run.py as `locust --headless` in a process of its own.

BENCH_PAGE_FILE names a JSON file: the page's name and paths, the session cookie, further request
headers, whether every request must write audit entries ("some") or none ("none"), the warm-up
in seconds and where to write the result. Each simulated user requests the paths in turn with no
pause (a closed loop); samples from the warm-up are dropped. At the end the file named by "out"
gets exact p50/p95/p99 latencies, requests per second, queries per request (X-Bench-Queries)
and, for pages requested with "X-Bench-Audit: timed", the server's time in the audit writes
(X-Bench-Audit-Ms; bench/middleware.py).
"""

import itertools
import json
import math
import os
import time
from pathlib import Path

from locust import HttpUser, constant, events, task

CONFIG = json.loads(Path(os.environ["BENCH_PAGE_FILE"]).read_text(encoding="utf-8"))
QUERIES_HEADER = "X-Bench-Queries"
AUDIT_INSERTS_HEADER = "X-Bench-Audit-Inserts"
AUDIT_MS_HEADER = "X-Bench-Audit-Ms"

_started = time.time()
_samples: list[tuple[float, float, int]] = []  # (end time, milliseconds, queries)
_audit_ms: list[float] = []  # server time in the audit writes, when the page reports it
_failures: list[str] = []


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.paths = itertools.cycle(CONFIG["paths"])
        self.headers = {"Cookie": f"{CONFIG['cookie_name']}={CONFIG['cookie']}", **CONFIG.get("headers", {})}

    @task
    def page(self) -> None:
        path = next(self.paths)
        begun = time.perf_counter()
        with self.client.get(
            path, headers=self.headers, allow_redirects=False, name=CONFIG["name"], catch_response=True
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
                _samples.append((time.time(), elapsed_ms, int(queries)))
                if (audit_ms := response.headers.get(AUDIT_MS_HEADER)) is not None:
                    _audit_ms.append(float(audit_ms))


def _audit_problem(inserts: str | None) -> str:
    """The with/without-audit comparison holds only if the page did (or did not) write entries."""
    expected = CONFIG.get("audit_inserts")
    if expected == "some" and not int(inserts or 0):
        return "wrote no audit entry"
    if expected == "none" and int(inserts or 0):
        return "wrote an audit entry with the audit switched off"
    return ""


def _percentile(ordered: list[float], share: float) -> float:
    """Nearest rank."""
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@events.test_start.add_listener
def _on_start(**_kwargs: object) -> None:
    global _started
    _started = time.time()


@events.quitting.add_listener
def _write_result(**_kwargs: object) -> None:
    window = (_samples[-1][0] - (_started + CONFIG["warmup"])) if _samples else 0.0
    latencies = sorted(ms for _end, ms, _q in _samples)
    queries = [q for _end, _ms, q in _samples]
    result = {
        "name": CONFIG["name"],
        "requests": len(_samples),
        "failures": len(_failures),
        "failure_examples": sorted(set(_failures))[:5],
        "seconds": round(window, 2),
        "rps": round(len(_samples) / window, 1) if window > 0 else 0.0,
        "p50_ms": round(_percentile(latencies, 0.50), 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(_percentile(latencies, 0.99), 1) if latencies else None,
        "mean_ms": round(sum(latencies) / len(latencies), 1) if latencies else None,
        "queries_mean": round(sum(queries) / len(queries), 1) if queries else None,
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
    }
    if _audit_ms:
        result["audit_ms_mean"] = round(sum(_audit_ms) / len(_audit_ms), 2)
        result["audit_ms_p50"] = round(_percentile(sorted(_audit_ms), 0.50), 2)
    Path(CONFIG["out"]).write_text(json.dumps(result), encoding="utf-8")
