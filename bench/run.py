"""The benchmark: `make bench` (README, "Benchmarks").

1. Creates a fresh PostgreSQL database (samverkan_bench on 127.0.0.1:5432, user postgres), migrates
   it, fills it with `manage.py generate_synthetic --individuals N --seed S` (individuals, their
   relations and 100 audit entries each) and runs VACUUM ANALYZE, as autovacuum would in time.
2. Creates bench users with a second factor and signs them in server-side (bench/prepare.py).
3. Starts the production server: gunicorn with 2 workers, DJANGO_DEBUG=0, on 127.0.0.1 only,
   with SAMVERKAN_BENCH=1 (bench/middleware.py: queries per request in a header, the floor page,
   the audit switch for the "_no_audit" pages).
4. For each page in bench/pages.py, runs locust headless in a process of its own for a fixed
   time with a few concurrent users, and collects p50/p95 latency, requests per second and
   queries per request. Audited pages run twice, with and without the audit entry.
5. Stops the server and times `manage.py audit_verify` over the whole log (wall clock and the
   process's peak memory), which also proves the chain stayed whole under the load.
6. Prints the tables, writes bench/results/<timestamp>.json and bench/results/latest.json and
   removes its temporary directory. The database stays for inspection.

Everything talks to 127.0.0.1 only. Options: `python bench/run.py --help`.
"""

import argparse
import base64
import http.client
import json
import math
import os
import platform
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from shutil import rmtree
from typing import Any

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN_URL = f"postgresql://postgres@{HOST}:{PG_PORT}/postgres"
QUERIES_HEADER = "X-Bench-Queries"
AUDIT_INSERTS_HEADER = "X-Bench-Audit-Inserts"
AUDIT_TOKEN_ENV = "SAMVERKAN_BENCH_AUDIT_TOKEN"
NO_AUDIT_SUFFIX = "_no_audit"
AUDIT_OVERHEAD_TARGET_PERCENT = 10
AUDIT_VERIFY_TARGET_SECONDS = 60


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--individuals", type=int, default=50_000, help="county scale (default 50000)")
    parser.add_argument(
        "--audit-entries", type=int, default=None, help="audit log entries (default: 100 per individual)"
    )
    parser.add_argument("--seed", type=int, default=None, help="data seed (default: generate_synthetic's)")
    parser.add_argument("--duration", type=int, default=20, help="measured seconds per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per page not measured (default 3)")
    parser.add_argument(
        "--users",
        type=int,
        nargs="+",
        default=[4, 8],
        help="concurrent clients; every page runs with each (default 4 8)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="pages with and without the audit entry: alternating runs per variant, duration split among them "
        "(default 4)",
    )
    parser.add_argument(
        "--pages", nargs="*", help="only these pages (names from bench/pages.py; floor and the _no_audit twin run too)"
    )
    parser.add_argument(
        "--database", default="samverkan_bench", help="database to (re)create (default samverkan_bench)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; write no result files")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a previous run of the same --database generated (its keys are kept in "
        f"{KEYS_DIR}), instead of recreating it; migrations still run",
    )
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def recreate_database(name: str) -> str:
    if not name.startswith("samverkan_bench"):
        raise SystemExit("The benchmark only drops and creates databases named samverkan_bench*.")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()
    return str(version[0]) if version else "?"


def vacuum_analyze(name: str) -> None:
    with psycopg.connect(f"postgresql://postgres@{HOST}:{PG_PORT}/{name}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


# The keys a generated bench database was written with, so that --reuse can read it again.
KEYS_DIR = Path(tempfile.gettempdir()) / "samverkan-bench-keys"
DATA_KEYS = ("FIELD_ENCRYPTION_KEYS", "IDENTITY_HASH_KEY", "AUDIT_LOG_KEYS", "AUDIT_CHECKPOINT_SIGNING_KEY")


def kept_keys(database: str) -> dict[str, Any] | None:
    path = KEYS_DIR / f"{database}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def keep_keys(database: str, env: dict[str, str], seed: int | None, generate_seconds: float) -> None:
    KEYS_DIR.mkdir(mode=0o700, exist_ok=True)
    path = KEYS_DIR / f"{database}.json"
    path.touch(mode=0o600)
    kept = {"env": {k: env[k] for k in DATA_KEYS}, "seed": seed, "generate_seconds": generate_seconds}
    path.write_text(json.dumps(kept), encoding="utf-8")


def bench_env(database: str, var_dir: Path) -> dict[str, str]:
    """Production settings (samverkan/settings.py), nothing inherited that could change them.

    SAMVERKAN_BENCH_AUDIT_TOKEN is new each run: only requests carrying it may switch the audit
    writes off (bench/middleware.py)."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER"}}
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=f"postgres://postgres@{HOST}:{PG_PORT}/{database}",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode("ascii"),
        IDENTITY_HASH_KEY=secrets.token_urlsafe(32),
        AUDIT_LOG_KEYS="bench:" + secrets.token_urlsafe(32),
        AUDIT_CHECKPOINT_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
        SAMVERKAN_VAR_DIR=str(var_dir),
        SAMVERKAN_BENCH="1",
        SAMVERKAN_BENCH_AUDIT_TOKEN=secrets.token_urlsafe(24),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        # Every bench client comes from one address: the public API's per-address limit (still
        # counted on each request) must not turn the measured public pages into 429s.
        API_PUBLIC_RATE_PER_MINUTE="100000",
    )
    return env


def run(command: list[str], env: dict[str, str], *, capture: bool = False) -> str:
    shown = " ".join(shlex.quote(part) for part in command)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"Failed ({result.returncode}): {shown}")
    if not capture and result.stdout.strip():
        print("  " + result.stdout.strip().replace("\n", "\n  "), flush=True)
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def get(
    port: int,
    path: str,
    cookie: str = "",
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request(method, path, body=body, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


class Server:
    """gunicorn in a session of its own, so that it and its workers stop together."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log_file: Path) -> None:
        self.port = port
        self.log_file = log_file
        self._log = log_file.open("w")
        command = [
            str(BIN / "gunicorn"),
            "samverkan.wsgi:application",
            f"--workers={workers}",
            f"--bind={HOST}:{port}",
            "--log-level=warning",
            "--timeout=60",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                if get(self.port, "/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        self._log.flush()
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()


class Sequencer:
    """manage.py audit_sequencer beside the server, as production runs it (audit/sequencer.py)."""

    def __init__(self, env: dict[str, str], log_file: Path) -> None:
        self._log = log_file.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "audit_sequencer"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


def page_headers(page: dict, env: dict[str, str]) -> dict[str, str]:
    """Audited pages: the audit writes switched off (with the run's token), or timed (bench/middleware.py);
    POSTs: JSON, with the persona's CSRF token beside its cookie."""
    headers = {}
    if page.get("method", "GET") == "POST":
        headers["Content-Type"] = "application/json"
        if page.get("csrf_token"):
            headers["X-CSRFToken"] = page["csrf_token"]
    if page["audit_off"]:
        return {**headers, "X-Bench-Audit": f"off-{env[AUDIT_TOKEN_ENV]}"}
    return {**headers, "X-Bench-Audit": "timed"} if page["audited"] else headers


def expected_audit_inserts(page: dict) -> str | None:
    return "none" if page["audit_off"] else "some" if page["audited"] else None


def check_page(port: int, page: dict, cookie: str, headers: dict[str, str]) -> None:
    for path in page["paths"][:3]:
        method = page.get("method", "GET")
        response = get(port, path, cookie, headers, method, page.get("body"))
        if response.status != 200 or response.getheader(QUERIES_HEADER) is None:
            where = response.getheader("Location") or ""
            raise SystemExit(f"{page['name']}: {method} {path} answered {response.status} {where} instead of 200.")
        inserts = int(response.getheader(AUDIT_INSERTS_HEADER) or 0)
        expected = expected_audit_inserts(page)
        if (expected == "some" and not inserts) or (expected == "none" and inserts):
            raise SystemExit(f"{page['name']}: GET {path} made {inserts} audit INSERTs, expected {expected}.")


def run_locust(
    page: dict,
    cookie: str,
    headers: dict[str, str],
    port: int,
    args: argparse.Namespace,
    work: Path,
    seconds: float,
    users: int,
) -> dict:
    """One locust run of ``seconds`` measured after the warm-up; returns its raw samples."""
    run_id = f"{page['name']}.{len(list(work.glob(page['name'] + '.*.json')))}"
    config = work / f"{run_id}.json"
    out = work / f"{run_id}.result"
    config.write_text(
        json.dumps(
            {
                "name": page["name"],
                "paths": page["paths"],
                "cookie": cookie,
                "method": page.get("method", "GET"),
                "body": page.get("body"),
                "headers": headers,
                "audit_inserts": expected_audit_inserts(page),
                "warmup": args.warmup,
                "out": str(out),
            }
        )
    )
    command = [
        str(BIN / "locust"),
        f"--locustfile={ROOT / 'bench' / 'locustfile.py'}",
        "--headless",
        f"--users={users}",
        f"--spawn-rate={users}",
        f"--run-time={round(args.warmup + seconds)}s",
        f"--host=http://{HOST}:{port}",
        "--only-summary",
        "--loglevel=WARNING",
        "--exit-code-on-error=0",
    ]
    env = {**os.environ, "BENCH_PAGE_FILE": str(config)}
    for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        env.pop(key, None)
    locust_log = work / f"{run_id}.locust.log"
    with locust_log.open("w") as log_file:
        try:
            subprocess.run(
                command,
                cwd=work,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                timeout=args.warmup + seconds + 60,
                check=True,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise SystemExit(f"locust failed for {page['name']} ({exc}):\n{locust_log.read_text()[-3000:]}") from exc
    if not out.exists():
        raise SystemExit(f"locust wrote no result for {page['name']}:\n{locust_log.read_text()[-3000:]}")
    result = json.loads(out.read_text())
    if result["failures"] or not result["samples"]:
        raise SystemExit(f"{page['name']}: {result['failures']} failed requests, e.g. {result['failure_examples']}")
    return result


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank."""
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def summarise(page: dict, runs: list[dict]) -> dict:
    """Latency, throughput, queries and server time over all the page's runs, pooled."""
    samples = [sample for run in runs for sample in run["samples"]]
    seconds = sum(run["seconds"] for run in runs)
    latencies = sorted(ms for ms, _q, _server, _audit in samples)
    queries = [q for _ms, q, _server, _audit in samples]
    server = sorted(server for _ms, _q, server, _audit in samples if not math.isnan(server))
    audit = sorted(audit for _ms, _q, _server, audit in samples if audit is not None)
    result = {
        "name": page["name"],
        "description": page["description"],
        "persona": page["persona"],
        "distinct_paths": len(page["paths"]),
        "runs": len(runs),
        "requests": len(samples),
        "failures": 0,
        "seconds": round(seconds, 2),
        "rps": round(len(samples) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "mean_ms": round(sum(latencies) / len(latencies), 1),
        "queries_mean": round(sum(queries) / len(queries), 1),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "server_p50_ms": round(percentile(server, 0.50), 2) if server else None,
        "server_mean_ms": round(sum(server) / len(server), 2) if server else None,
    }
    if audit:
        result["audit_ms_mean"] = round(sum(audit) / len(audit), 2)
        result["audit_ms_p50"] = round(percentile(audit, 0.50), 2)
    if len(runs) > 1:
        result["p50_ms_per_run"] = [round(percentile(sorted(ms for ms, *_ in run["samples"]), 0.50), 1) for run in runs]
    return result


def measure(
    page: dict, cookie: str, headers: dict[str, str], port: int, args: argparse.Namespace, work: Path, users: int
) -> dict:
    return summarise(page, [run_locust(page, cookie, headers, port, args, work, args.duration, users)])


def measure_pair(
    pair: tuple[dict, dict],
    cookie: str,
    env: dict[str, str],
    port: int,
    args: argparse.Namespace,
    work: Path,
    users: int,
) -> list[dict]:
    """A page with and without the audit entry, in alternating runs (ABBA…), each of duration/rounds
    seconds, so that a change in the machine's load during the pair falls on both alike."""
    runs: tuple[list[dict], list[dict]] = ([], [])
    for round_number in range(args.rounds):
        order = (0, 1) if round_number % 2 == 0 else (1, 0)
        for index in order:
            page = pair[index]
            runs[index].append(
                run_locust(page, cookie, page_headers(page, env), port, args, work, args.duration / args.rounds, users)
            )
    return [summarise(pair[0], runs[0]), summarise(pair[1], runs[1])]


def time_audit_verify(env: dict[str, str]) -> dict:
    """`manage.py audit_verify` over the whole log: wall clock, and the peak memory of that process
    alone (os.wait4 gives the one child's rusage; RUSAGE_CHILDREN would mix in the generator's)."""
    command = [sys.executable, "manage.py", "audit_verify"]
    begun = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    # The output is one line (or a short error), so reading after the wait cannot fill a pipe.
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - begun
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read() + process.stderr.read()
    if process.returncode != 0:
        raise SystemExit(f"audit_verify failed ({process.returncode}): {output.strip()[-2000:]}")
    entries = re.search(r"(\d+) entries verified", output)
    return {
        "command": "manage.py audit_verify",
        "entries": int(entries.group(1)) if entries else None,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports kilobytes
        "target_seconds": AUDIT_VERIFY_TARGET_SECONDS,
        "within_target": seconds < AUDIT_VERIFY_TARGET_SECONDS,
        "output": output.strip(),
    }


def audit_overhead(pages: list[dict]) -> list[dict]:
    """(p50 with − p50 without) / p50 without, for every page measured both ways in this run: as the
    clients see it (queueing included), per alternating round, and as the server's own time; and
    the audited requests per second against the floor page's, at each number of clients."""
    rows = []
    for clients in sorted({p["clients"] for p in pages}):
        rows += _audit_overhead([p for p in pages if p["clients"] == clients], clients)
    return rows


def _audit_overhead(pages: list[dict], clients: int) -> list[dict]:
    by_name = {p["name"]: p for p in pages}
    floor = by_name.get("floor")
    rows = []
    for name, without in by_name.items():
        if not name.endswith(NO_AUDIT_SUFFIX) or name.removesuffix(NO_AUDIT_SUFFIX) not in by_name:
            continue
        with_audit = by_name[name.removesuffix(NO_AUDIT_SUFFIX)]
        percent = _percent(with_audit["p50_ms"], without["p50_ms"])
        rounds = zip(with_audit.get("p50_ms_per_run", []), without.get("p50_ms_per_run", []), strict=True)
        rows.append(
            {
                "page": with_audit["name"],
                "clients": clients,
                "p50_with_ms": with_audit["p50_ms"],
                "p50_without_ms": without["p50_ms"],
                "p95_with_ms": with_audit["p95_ms"],
                "p95_without_ms": without["p95_ms"],
                "overhead_percent": round(percent, 1),
                "overhead_percent_per_round": [round(_percent(a, b), 1) for a, b in rounds],
                "server_p50_with_ms": with_audit["server_p50_ms"],
                "server_p50_without_ms": without["server_p50_ms"],
                "server_overhead_percent": round(_percent(with_audit["server_p50_ms"], without["server_p50_ms"]), 1),
                # Measured inside the server: the time in audit_record per request.
                "audit_write_ms_mean": with_audit.get("audit_ms_mean"),
                "audit_write_ms_p50": with_audit.get("audit_ms_p50"),
                "queries_with": with_audit["queries_mean"],
                "queries_without": without["queries_mean"],
                # Audited requests per second, without the audit entry and on the floor page (the
                # stack's own ceiling): what the audit costs the county's throughput.
                "rps_with": with_audit["rps"],
                "rps_without": without["rps"],
                "rps_floor": floor["rps"] if floor else None,
                "target_percent": AUDIT_OVERHEAD_TARGET_PERCENT,
                "within_target": percent <= AUDIT_OVERHEAD_TARGET_PERCENT,
            }
        )
    return rows


def _percent(with_audit: float, without: float) -> float:
    return (with_audit - without) / without * 100


def overhead_table(rows: list[dict]) -> str:
    lines = [
        "| page | clients | p50 with / without ms | audit overhead | per round | server p50 with / without ms "
        "| server overhead | audit write ms (mean) | queries with / without | req/s with / without / floor |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        written = "—" if r["audit_write_ms_mean"] is None else f"{r['audit_write_ms_mean']:.1f}"
        rounds = ", ".join(f"{x:+.0f}" for x in r["overhead_percent_per_round"]) or "—"
        floor = "—" if r["rps_floor"] is None else f"{r['rps_floor']:.1f}"
        lines.append(
            f"| {r['page']} | {r['clients']} | {r['p50_with_ms']:.1f} / {r['p50_without_ms']:.1f} "
            f"| {r['overhead_percent']:+.1f} % "
            f"| {rounds} % | {r['server_p50_with_ms']:.1f} / {r['server_p50_without_ms']:.1f} "
            f"| {r['server_overhead_percent']:+.1f} % | {written} | {r['queries_with']:g} / {r['queries_without']:g} "
            f"| {r['rps_with']:.1f} / {r['rps_without']:.1f} / {floor} |"
        )
    return "\n".join(lines)


def git(*arguments: str) -> str:
    result = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def table(pages: list[dict]) -> str:
    floor = next((p for p in pages if p["name"] == "floor"), None)
    header = ("page", "p50 ms", "p95 ms", "req/s", "queries/req", "server p50 ms", "p50 over floor")
    rows = [header]
    for p in pages:
        queries = (
            f"{p['queries_mean']:g}"
            if p["queries_min"] == p["queries_max"]
            else (f"{p['queries_mean']:g} ({p['queries_min']}–{p['queries_max']})")
        )
        over = "—" if p is floor or floor is None else f"+{p['p50_ms'] - floor['p50_ms']:.1f}"
        server = "—" if p["server_p50_ms"] is None else f"{p['server_p50_ms']:.1f}"
        rows.append((p["name"], f"{p['p50_ms']:.1f}", f"{p['p95_ms']:.1f}", f"{p['rps']:.1f}", queries, server, over))
    return "\n".join(
        "| " + " | ".join(cells) + " |" + ("\n|" + "---|" * len(header) if index == 0 else "")
        for index, cells in enumerate(rows)
    )


def generate_data(args: argparse.Namespace, env: dict[str, str], manage: list[str]) -> tuple[int | None, float]:
    """Fill the fresh database with the synthetic county; (seed, seconds it took)."""
    generate = [*manage, "generate_synthetic", f"--individuals={args.individuals}"]
    if args.audit_entries is not None:
        generate.append(f"--audit-entries={args.audit_entries}")
    if args.seed is not None:
        generate.append(f"--seed={args.seed}")
    log(" ".join(generate[1:]))
    generate_started = time.monotonic()
    generated = run(generate, env)
    generate_seconds = time.monotonic() - generate_started
    seed_match = re.search(r"seed (\d+)", generated)
    seed = int(seed_match.group(1)) if seed_match else args.seed
    log("VACUUM ANALYZE")
    vacuum_analyze(args.database)
    return seed, generate_seconds


def database_version() -> str:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()
    return str(version[0]) if version else "?"


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
    server: Server | None = None
    sequencer: Sequencer | None = None
    try:
        kept = kept_keys(args.database) if args.reuse else None
        if args.reuse and kept is None:
            raise SystemExit(f"--reuse: no kept keys for {args.database} in {KEYS_DIR}; run once without --reuse.")
        env = bench_env(args.database, work / "var")
        manage = [sys.executable, "manage.py"]
        if kept is not None:
            log(f"PostgreSQL database {args.database} on {HOST}:{PG_PORT}: reused, with its kept keys")
            env.update(kept["env"])
            pg_version = database_version()
            run([*manage, "migrate", "-v0"], env)
            prepared_data = (kept["seed"], kept["generate_seconds"])
        else:
            log(f"PostgreSQL database {args.database} on {HOST}:{PG_PORT}: recreating")
            pg_version = recreate_database(args.database)
            log("migrate, createcachetable")
            run([*manage, "migrate", "-v0"], env)
            run([*manage, "createcachetable", "-v0"], env)
            prepared_data = generate_data(args, env, manage)
            keep_keys(args.database, env, *prepared_data)
        seed, generate_seconds = prepared_data
        log("collectstatic")
        run([*manage, "collectstatic", "--noinput", "-v0"], env)
        log("bench users and their sessions (bench/prepare.py)")
        prepared = json.loads(run([sys.executable, "bench/prepare.py"], env, capture=True))
        wanted = {"floor", *(args.pages or [])}
        pages = [
            p
            for p in prepared["pages"]
            if not args.pages or p["name"] in wanted or p["name"].removesuffix(NO_AUDIT_SUFFIX) in wanted
        ]

        port = free_port()
        log(f"gunicorn, {args.workers} workers, http://{HOST}:{port}")
        server = Server(env, port, args.workers, work / "gunicorn.log")
        server.wait_ready()
        sequencer = Sequencer(env, work / "sequencer.log")
        results = []
        by_name = {p["name"]: p for p in pages}
        try:
            for users in args.users:
                for page in pages:
                    if page["audit_off"] and page["name"].removesuffix(NO_AUDIT_SUFFIX) in by_name:
                        continue  # measured with its twin
                    cookie = prepared["cookies"][page["persona"]]
                    twin = by_name.get(page["name"] + NO_AUDIT_SUFFIX)
                    for each in (page, twin) if twin else (page,):
                        each["csrf_token"] = prepared["csrf_tokens"].get(page["persona"], "")
                        check_page(port, each, cookie, page_headers(each, env))
                    if twin:
                        log(
                            f"{page['name']} with and without the audit entry: {users} clients, {args.rounds} "
                            f"alternating runs each of {args.warmup} s warm-up + {args.duration / args.rounds:g} s"
                        )
                        measured = measure_pair((page, twin), cookie, env, port, args, work, users)
                    else:
                        log(f"{page['name']}: {users} clients, {args.warmup} s warm-up + {args.duration} s")
                        measured = [measure(page, cookie, page_headers(page, env), port, args, work, users)]
                    for r in measured:
                        r["clients"] = users
                        # The machine may be shared (other runs, tests): its load while this page ran.
                        r["load_average_1min_after"] = round(os.getloadavg()[0], 2)
                        log(
                            f"  {r['name']}: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, {r['rps']} req/s, "
                            f"{r['queries_mean']} queries/req, server p50 {r['server_p50_ms']} ms"
                        )
                        results.append(r)
        except SystemExit as exc:  # a failed request (e.g. a 500): say what the server logged
            raise SystemExit(f"{exc}\n--- the server's log ---\n{server.log_tail()}") from exc
        server.stop()
        server = None
        sequencer.stop()
        log("gunicorn and the sequencer stopped; the last entries chained (audit_sequencer --once)")
        run([*manage, "audit_sequencer", "--once"], env)
        log("manage.py audit_verify over the whole log")
        verify = time_audit_verify(env)
        log(f"  {verify['output']} (wall clock {verify['seconds']} s, peak RSS {verify['peak_rss_mb']} MB)")
    finally:
        if server is not None:
            server.stop()
            log("gunicorn stopped")
        if sequencer is not None:
            sequencer.stop()
        rmtree(work, ignore_errors=True)
    overhead = audit_overhead(results)

    report: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench" if os.environ.get("MAKELEVEL") else " ".join(shlex.quote(a) for a in sys.argv),
        "git": {
            "commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted_changes": bool(git("status", "--porcelain")),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgresql": pg_version,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "setup": {
            "server": f"gunicorn, {args.workers} sync workers, DJANGO_DEBUG=0, PostgreSQL on {HOST}",
            "load": f"locust, {' and '.join(map(str, args.users))} concurrent clients without pauses, one page "
            "at a time",
            "sequencer": "manage.py audit_sequencer beside gunicorn, as in production",
            "warmup_seconds": args.warmup,
            "measured_seconds": args.duration,
            "individuals": args.individuals,
            "seed": seed,
            "generate_seconds": round(generate_seconds, 1),
            "reused_database": args.reuse,
            "data": prepared["counts"],
        },
        "pages": results,
        "audit_overhead": overhead,
        "audit_verify": verify,
    }
    print()
    for users in args.users:
        print(f"\n{users} clients:")
        print(table([r for r in results if r["clients"] == users]))
    if overhead:
        print()
        print(overhead_table(overhead))
    print(
        f"\naudit_verify: {verify['entries']} entries in {verify['seconds']} s (target under "
        f"{AUDIT_VERIFY_TARGET_SECONDS} s), peak RSS {verify['peak_rss_mb']} MB"
    )
    machine = report["machine"]
    print(f"\nLoad average before/after: {machine['load_average_before']} / {machine['load_average_after']}")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        stamped = RESULTS / f"{started.strftime('%Y%m%dT%H%M%SZ')}.json"
        stamped.write_text(text, encoding="utf-8")
        (RESULTS / "latest.json").write_text(text, encoding="utf-8")
        log(f"written: {stamped.relative_to(ROOT)} and bench/results/latest.json")


if __name__ == "__main__":
    main()
