"""`make loadtest`: the production server under load (never part of `make test`).

Builds a fresh PostgreSQL database `<DATABASE_URL's name>_load` with 5,000 organizations,
starts the server exactly as the README says (`bin/serve`, DEBUG=0, on LOAD_PORT) against it
and Redis, and drives every read with wrk, time-bounded, at 8 and 64 connections. Each read is
printed beside a bare DRF endpoint served by the same processes (BENCH_BARE_ENDPOINT=1) as a
ratio of throughput; goal ≥ 0.5 with 0 errors. The peak number of server connections
(pg_stat_activity) and each server process's memory are printed too. `--soak SECONDS` then
runs a mix of all reads at half the measured peak and prints memory and connection growth.

    DATABASE_URL=postgres://… REDIS_URL=redis://… LOAD_PORT=8120 make loadtest
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
LUA = Path(__file__).with_name("report.lua")
GOAL = 0.5
SERVER_APP = "tsunagu-load-server"  # the server's connections name themselves (PGAPPNAME)


def endpoints(ids: dict) -> list[tuple[str, str, bool]]:
    """(name, path, needs the member's token)"""
    org, event = ids["org_id"], ids["event_id"]
    return [
        ("API organizations", "/api/v1/organizations/", False),
        ("API organization detail", f"/api/v1/organizations/{org}/", False),
        ("API organizations q=子供", "/api/v1/organizations/?q=" + quote("子供"), False),
        ("API listings", "/api/v1/listings/", False),
        ("API events", "/api/v1/events/", False),
        ("API event detail", f"/api/v1/events/{event}/", False),
        ("API suggestions", f"/api/v1/organizations/{org}/suggestions/", True),
        ("page directory", "/directory/", False),
        ("page directory q=こども", "/directory/?q=" + quote("こども"), False),
        ("page organization", f"/organizations/{org}/", False),
        ("page events", "/events/", False),
    ]


# --- The database -----------------------------------------------------------------------------


def load_database_url(base: str) -> tuple[str, str]:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") + "_load"
    return urlunsplit(parts._replace(path="/" + name)), name


def admin_connection(base: str):
    import psycopg

    parts = urlsplit(base)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def recreate_database(base: str, name: str) -> None:
    with admin_connection(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(url: str, orgs: int) -> dict:
    """Migrate and fill the load database in a child process (its own settings)."""
    code = (
        "import json, django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from tests.load.populate import populate;"
        f"print('IDS=' + json.dumps(populate(orgs={orgs}, listings={orgs * 3}, events=200)))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "core.settings",
    }
    env.pop("REDIS_URL", None)  # eager tasks while building: no worker is running
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    sys.stdout.write(out.stdout.replace("\r", "\n"))
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit("building the load database failed")
    line = [x for x in out.stdout.splitlines() if x.startswith("IDS=")][-1]
    return json.loads(line[4:])


class ConnectionSampler(threading.Thread):
    """Counts the server's connections to the load database every 0.25 s."""

    def __init__(self, base: str, name: str):
        super().__init__(daemon=True)
        self.base, self.name = base, name
        self.samples: list[tuple[float, int]] = []
        self.stop_event = threading.Event()
        self.mark = 0

    def run(self):
        with admin_connection(self.base) as conn:
            while not self.stop_event.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                    " AND application_name = %s",
                    [self.name, SERVER_APP],
                ).fetchone()
                self.samples.append((time.monotonic(), row[0]))
                time.sleep(0.25)

    def peak(self, since: float = 0.0) -> int:
        return max((n for t, n in self.samples if t >= since), default=0)

    def now(self) -> int:
        return self.samples[-1][1] if self.samples else 0


# --- The server -------------------------------------------------------------------------------


def server_env(url: str, port: int, static_root: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-bench-only-" + "k" * 40),
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "BENCH_BARE_ENDPOINT": "1",
        "PGAPPNAME": SERVER_APP,
        # The bench is one client address: the per-address API throttle would answer 429.
        "API_ANON_RATE": "100000000/min",
        "API_USER_RATE": "100000000/min",
    }


def wait_ready(base_url: str, proc, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become healthy")


def process_tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def rss_by_process(pid: int) -> dict[int, int]:
    """Resident memory (kB) of the server's processes (the main one and its workers)."""
    sizes = {}
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[p] = int(line.split()[1])
        except OSError:
            pass
    return sizes


# --- wrk --------------------------------------------------------------------------------------


def wrk(url: str, *, connections: int, seconds: int, headers: str = "", paths=(), delay_ms=0):
    env = {**os.environ, "WRK_HEADERS": headers, "WRK_PATHS": "|".join(paths),
           "WRK_DELAY_MS": str(delay_ms)}  # fmt: skip
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(LUA), url],
        env=env, capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    line = [x for x in out.stdout.splitlines() if x.startswith("{")]
    if not line:
        raise SystemExit(f"wrk printed no result:\n{out.stdout}\n{out.stderr}")
    r = json.loads(line[-1])
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return r


def check_answers(base_url: str, rows, token: str) -> None:
    for name, path, auth in rows:
        request = urllib.request.Request(base_url + path)
        if auth:
            request.add_header("Authorization", f"Token {token}")
        with urllib.request.urlopen(request, timeout=30) as r:
            if r.status != 200:
                raise SystemExit(f"{name}: {path} answered {r.status}")


def bench_level(base_url, rows, token, connections, seconds, sampler) -> tuple[bool, float]:
    """Each read right after a run of the bare endpoint, its ratio to that run: the machine's
    load drifts (other work shares the cores), the pair sees the same drift."""
    started = time.monotonic()
    print(f"\n--- {connections} connections, {seconds} s per endpoint ---", flush=True)
    print(f"{'endpoint':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'bare/s':>7} {'ratio':>6}")  # fmt: skip
    auth = f"Authorization: Token {token}"
    ok, bares = True, []
    for name, path, needs_token in rows:
        # The bare endpoint is asked the way the read is: with the member's token for a
        # signed-in read (token lookup, user throttle), so the ratio measures the read itself.
        headers = auth if needs_token else ""
        bare = wrk(base_url + "/api/v1/bench/bare/", connections=connections, seconds=seconds,
                   headers=headers)  # fmt: skip
        r = wrk(base_url + path, connections=connections, seconds=seconds, headers=headers)
        bares.append(bare["rps"])
        ratio = r["rps"] / bare["rps"] if bare["rps"] else 0.0
        good = r["errors"] == 0 and bare["errors"] == 0 and ratio >= GOAL
        ok = ok and good
        print(f"{name:30} {r['rps']:8.0f} {r['p50_us'] / 1000:8.1f} {r['p95_us'] / 1000:8.1f} "
              f"{r['p99_us'] / 1000:8.1f} {r['errors']:6d} {bare['rps']:7.0f} {ratio:6.2f}"
              f"{'' if good else '  ✗'}", flush=True)  # fmt: skip
    bares.sort()
    print(f"bare DRF endpoint: median {bares[len(bares) // 2]:.0f} req/s over {len(bares)} runs")
    print(f"peak server connections at {connections}: {sampler.peak(started)}")
    return ok, bares[len(bares) // 2]


def soak(base_url, rows, token, pid, sampler, seconds, bare_rps) -> bool:
    """Every read at about half the measured peak, for `seconds`: anonymous visitors (cached
    reads) and a signed-in member (every read hits the database), in one-minute steps."""
    public = [path for _, path, needs in rows if not needs]
    every = [path for _, path, _ in rows]
    # Enough connections that the pauses, not the answers' latency, set the rate (with 4 a
    # kind, 80 ms answers capped the soak near 100 req/s whatever the target).
    connections = 16  # per client kind
    target = max(bare_rps * 0.5, 2.0)  # half the measured peak (the bare endpoint's req/s)
    # Each connection pauses between requests so that all together send about `target`/s: a
    # connection sends one request per cycle (its pause + everything else: the answer, wrk's
    # own scheduling), so each kind's pause is its share's period minus the rest of a cycle as
    # measured in the minute before (guessed at 50 ms at first). An additive correction: a slow
    # minute shortens the next pause by what it cost, it does not multiply the error.
    period_ms = 2 * connections * 1000 / target  # two kinds of client share the target
    delays = [max(int(period_ms - 50), 1)] * 2
    print(f"\n--- soak: {seconds} s at ~{target:.0f} req/s (half the bare endpoint's peak), "
          f"anonymous and signed-in clients ---", flush=True)  # fmt: skip
    clients = [(public, ""), (every, f"Authorization: Token {token}")]
    # Warm-up: the soak's own mix at full speed for 30 s, so that every server thread has run
    # every read the soak sends (the bench above asked the API lists anonymously only: a
    # signed-in list is never served from the cache, and a process grows once, by ~40 MB, the
    # first time its threads build them). Memory is measured from after it.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda c: wrk(base_url + c[0][0], connections=connections, seconds=30,
                                    paths=c[0], headers=c[1]), clients))  # fmt: skip
    print(f"  warm-up: 30 s of the same mix at full speed, RSS MB "
          f"{' '.join(f'{v / 1024:.0f}' for v in rss_by_process(pid).values())}")  # fmt: skip
    before_rss, before_conn = rss_by_process(pid), sampler.now()
    started = time.monotonic()
    results = []
    for i in range(0, seconds, 60):
        chunk = min(60, seconds - i)
        with ThreadPoolExecutor(max_workers=2) as pool:
            pair = list(pool.map(
                lambda c, d, seconds=chunk: wrk(
                    base_url + c[0][0], connections=connections, seconds=seconds,
                    paths=c[0], delay_ms=d, headers=c[1]),
                clients, delays,
            ))  # fmt: skip
        results += pair
        rps = sum(r["rps"] for r in pair)
        cycles_ms = [connections * r["duration_us"] / 1000 / max(r["requests"], 1) for r in pair]
        delays = [
            max(int(period_ms - (cycle - d)), 1)
            for cycle, d in zip(cycles_ms, delays, strict=False)
        ]
        p99 = max(r["p99_us"] for r in pair) / 1000
        errors = sum(r["errors"] for r in pair)
        kinds = ("connect", "read", "write", "status", "timeout")
        if errors:  # which kind: a refused connection, a non-2xx answer, a timeout …
            by_kind = {k: sum(r[k] for r in pair) for k in kinds}
            print("    errors by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.items() if n))
        rss = " ".join(f"{v / 1024:.0f}" for v in rss_by_process(pid).values())
        print(f"  {i + chunk:4d} s: {rps:6.0f} req/s, p99 {p99:7.1f} ms, errors {errors}, "
              f"connections {sampler.now()}, RSS MB {rss}", flush=True)  # fmt: skip
        if i == 0 and seconds > 120:
            # The first minute is the warm-up (a worker that has not yet served a signed-in
            # read loads the matcher and its libraries then): growth is measured after it.
            warm_rss = rss_by_process(pid)
    after_rss = rss_by_process(pid)
    errors = sum(r["errors"] for r in results)
    total = sum(r["requests"] for r in results)
    print(f"soak: {total} requests ({total / max(1, seconds):.1f} req/s on average, target "
          f"{target:.1f}), {errors} errors")  # fmt: skip
    ok = errors == 0
    # The first minute also tunes the pause (it starts from a guess): the rate held is the
    # average after it.
    held = results[2:] if len(results) > 2 else results
    held_rps = sum(r["requests"] for r in held) / max(1, sum(r["duration_us"] for r in held) / 2e6)
    print(f"  rate held after the first minute: {held_rps:.1f} req/s (target {target:.1f})")
    if held_rps < 0.9 * target:
        print("  the server did not keep up with half the bare endpoint's peak on this machine")
        ok = False
    baseline = warm_rss if seconds > 120 else before_rss
    for p, before in before_rss.items():
        after, warm = after_rss.get(p), baseline.get(p, before)
        if after is None:
            print(f"  process {p}: gone")
            ok = False
            continue
        growth = (after - warm) / warm * 100
        ok = ok and growth < 10
        print(f"  process {p}: {before / 1024:.0f} MB at the start, {warm / 1024:.0f} MB after "
              f"the warm-up minute → {after / 1024:.0f} MB ({growth:+.1f} % since)")  # fmt: skip
    print(
        f"  server connections: {before_conn} before, peak {sampler.peak(started)}, "
        f"{sampler.now()} after"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=int(os.environ.get("LOAD_ORGS", 5000)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 5)))
    parser.add_argument("--connections", default=os.environ.get("LOAD_CONNECTIONS", "8,64"))
    parser.add_argument("--soak", type=int, default=int(os.environ.get("LOAD_SOAK", 0)))
    parser.add_argument("--reuse", action="store_true", help="keep the load database as it is")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("make loadtest needs DATABASE_URL=postgres://… (and REDIS_URL)")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("make loadtest needs REDIS_URL=redis://…")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (make loadtest does it)")
    port = int(os.environ.get("LOAD_PORT", "8120"))
    url, name = load_database_url(base)
    ids_file = Path(tempfile.gettempdir()) / f"tsunagu-{name}.json"
    if args.reuse and ids_file.exists():
        ids = json.loads(ids_file.read_text())
    else:
        print(f"building {name}: {args.orgs} organizations …", flush=True)
        recreate_database(base, name)
        ids = build(url, args.orgs)
        ids_file.write_text(json.dumps(ids))

    static_root = tempfile.mkdtemp(prefix="tsunagu-load-static-")
    base_url = f"http://127.0.0.1:{port}"
    sampler = ConnectionSampler(base, name)
    sampler.start()
    proc = subprocess.Popen(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=server_env(url, port, static_root),
        start_new_session=True,
    )  # fmt: skip
    ok = True
    try:
        wait_ready(base_url, proc)
        workers = len(process_tree(proc.pid)) - 1
        print(f"server: bin/serve on {base_url} (pid {proc.pid}, {workers} worker processes)")
        rows = endpoints(ids)
        check_answers(base_url, rows, ids["token"])
        # Warm every worker's caches and pools before measuring.
        wrk(base_url + rows[0][1], connections=8, seconds=2, paths=[p for _, p, a in rows if not a])
        bare_rps = 0.0
        for c in [int(x) for x in args.connections.split(",") if x]:
            level_ok, rps = bench_level(base_url, rows, ids["token"], c, args.seconds, sampler)
            ok = ok and level_ok
            bare_rps = max(bare_rps, rps)
        print(f"\npeak server connections over the whole run: {sampler.peak()}")
        print("server memory (MB): " + ", ".join(
            f"{p}: {v / 1024:.0f}" for p, v in rss_by_process(proc.pid).items()))  # fmt: skip
        if args.soak:
            ok = soak(base_url, rows, ids["token"], proc.pid, sampler, args.soak, bare_rps) and ok
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        sampler.stop_event.set()
        shutil.rmtree(static_root, ignore_errors=True)
    print("\nresult:", "every read ≥ 0.5 of the bare endpoint, 0 errors" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
