#!/usr/bin/python3
"""Load test of `cordon serve`: wrk against POST /v1/screen, plain and with a reload every 5 s.

The script starts the server itself (`cordon serve --host 127.0.0.1 --port <free port>` on the
bundled lists, or on the --list/--data given), with a temporary config holding one random API key
(roles screen and admin), waits for GET /readyz to answer 200, warms it up, then runs Debian's wrk
4.1.0 (`--latency`, bench/load_screen.lua) for --duration seconds: single-party bodies
{"name": ...} cycling through bench/load_names.jsonl, each with `Authorization: Bearer KEY`.

It runs twice, each time on a fresh server: plain, and with a thread that POSTs
/v1/lists/reload?wait=true every --reload-every seconds while wrk runs. It records wrk's figures
(requests/s, latency p50/p90/p99, socket errors, non-2xx responses), the reloads' outcomes, the
server's CPU time (/proc/PID/stat) and peak RSS (VmHWM), the status codes the server counted
(/metrics) and anything but info in its log, and writes bench/results/load-latest.md and .json.

Targets (exit status 1 when one is missed, 2 when the run could not be made):
  plain run: >= 10,000 screens/s, p99 <= 10 ms, no socket errors and no non-2xx responses;
  reload run: no socket errors, no non-2xx responses, every reload ok.

  bash scripts/build.sh
  /usr/bin/python3 bench/load_test.py                  # about 2 × (duration + 15 s)
  /usr/bin/python3 bench/load_test.py --make-names     # rebuild bench/load_names.jsonl
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
NAMES = BENCH / "load_names.jsonl"
LUA = BENCH / "load_screen.lua"

MIN_RPS = 10_000
# More CPU than this used by neither the server nor wrk means other work shared the machine.
BUSY_OTHERS_CORES = 0.2
MAX_P99_MS = 10.0
# OpenSanctions' published sizing for yente (its /match API, Elasticsearch behind it): roughly 4 to 30
# match requests per second per CPU core, depending on the query mix. Context only: a yente query
# scores several properties and the hardware differs.
YENTE_RPS_PER_CORE = (4, 30)


# ---------------------------------------------------------------------------------------------------
# The names
# ---------------------------------------------------------------------------------------------------

def make_names(cordon: Path, lists: list[str], positives: int, negatives: int, seed: int) -> None:
    """Writes bench/load_names.jsonl: request bodies, half listed-name variants, half clean names.

    The variants and the clean names are those of bench/compare_peers.py (same perturbations, same
    population file), so the load mix is the mix whose accuracy that script measures.
    """
    sys.path.insert(0, str(BENCH))
    import compare_peers as cp  # noqa: E402  (the query-set code lives there)

    names = cp.names_from_cordon(cordon, lists)
    queries = cp.build_query_set(names, positives, negatives, seed)
    with open(NAMES, "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"name": q.name}, ensure_ascii=False) + "\n")
    pos = sum(q.positive for q in queries)
    print(f"wrote {NAMES.relative_to(REPO)}: {len(queries)} bodies ({pos} listed-name variants, "
          f"{len(queries) - pos} clean names), seed {seed}")


# ---------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def http(method: str, url: str, key: str | None = None, body: bytes | None = None,
         timeout: float = 10) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method)
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    """One `cordon serve` process on a free loopback port, its log in a temporary folder."""

    def __init__(self, cordon: Path, list_args: list[str], server_threads: int | None, workdir: Path,
                 label: str) -> None:
        self.key = secrets.token_urlsafe(32)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = workdir / f"{label}.config.json"
        self.log_path = workdir / f"{label}.log"
        self.config.write_text(json.dumps({
            "api_keys": [{"name": "load-test", "sha256": hashlib.sha256(self.key.encode()).hexdigest(),
                          "roles": ["screen", "admin"]}]}, indent=2))
        self.cmd = [str(cordon), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                    "--config", str(self.config)] + list_args
        if server_threads:
            self.cmd += ["--threads", str(server_threads)]
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, cwd=REPO)
        self.exit_code: int | None = None

    def wait_ready(self, timeout_s: float) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout_s:
            if self.proc.poll() is not None:
                raise RuntimeError(f"cordon serve exited with status {self.proc.returncode} before it "
                                   f"was ready:\n{self.log_tail()}")
            try:
                status, _ = http("GET", self.base + "/readyz", timeout=2)
                if status == 200:
                    return time.perf_counter() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"GET /readyz did not answer 200 within {timeout_s:.0f} s:\n{self.log_tail()}")

    def metrics(self) -> dict[str, float]:
        """Prometheus samples by their full name with labels."""
        try:
            status, body = http("GET", self.base + "/metrics", timeout=5)
        except (urllib.error.URLError, OSError):
            return {}
        if status != 200:
            return {}
        samples = {}
        for line in body.decode("utf-8", "replace").splitlines():
            if not line or line.startswith("#"):
                continue
            name, _, value = line.rpartition(" ")
            try:
                samples[name] = float(value)
            except ValueError:
                pass
        return samples

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.exit_code = self.proc.returncode
        self.log.close()

    def log_tail(self, lines: int = 20) -> str:
        self.log.flush()
        text = self.log_path.read_bytes()[-20000:].decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    def log_summary(self) -> dict:
        """Requests by status, events by name, and the lines worth reading: anything logged above
        info, requests answered other than 2xx, lines that are not JSON."""
        statuses: dict[str, int] = {}
        events: dict[str, int] = {}
        levels: dict[str, int] = {}
        notable: list[str] = []
        unparsed = 0

        def count(table: dict[str, int], key: str) -> None:
            table[key] = table.get(key, 0) + 1

        with open(self.log_path, "rb") as f:
            for raw in f:
                # Most lines are successful requests: count those without parsing them.
                if b'"event":"request"' in raw and b'"level":"info"' in raw and b'"status":200' in raw:
                    count(statuses, "200"), count(events, "request"), count(levels, "info")
                    continue
                line = raw.decode("utf-8", "replace").strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                    if not isinstance(entry, dict):
                        raise ValueError
                except ValueError:
                    unparsed += 1
                    if len(notable) < 20:
                        notable.append(line[:300])
                    continue
                level, event = str(entry.get("level", "?")), str(entry.get("event", "?"))
                count(levels, level), count(events, event)
                bad_status = False
                if event == "request":
                    code = str(entry.get("status"))
                    count(statuses, code)
                    # /readyz answers 503 until the first snapshot: this script polls it then.
                    bad_status = not code.startswith("2") and entry.get("path") != "/readyz"
                if (bad_status or level != "info" and entry.get("path") != "/readyz") and len(notable) < 20:
                    notable.append(line[:300])
        return {"request_statuses": statuses, "events": events, "levels": levels,
                "unparsed_lines": unparsed, "notable": notable}


# ---------------------------------------------------------------------------------------------------
# wrk and the reloads
# ---------------------------------------------------------------------------------------------------

_UNIT_US = {"us": 1.0, "ms": 1000.0, "s": 1e6, "m": 60e6, "h": 3600e6}


def _us(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    return float(m.group(1)) * _UNIT_US[m.group(2)] if m else float("nan")


def parse_wrk(text: str) -> dict:
    """wrk's report: its own text lines, and the exact line load_screen.lua's done() prints."""
    out: dict = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["requests_per_s"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", text)
    out["requests"] = int(m.group(1)) if m else None
    socket_errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    out["socket_errors"] = socket_errors
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx"] = int(m.group(1)) if m else 0
    dist = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.MULTILINE))
    out["latency_text_us"] = {f"p{k}": _us(v) for k, v in dist.items()}
    m = re.search(r"^wrk-json (\{.*\})$", text, re.MULTILINE)
    out["exact"] = json.loads(m.group(1)) if m else None
    lat = out["exact"]["latency_us"] if out["exact"] else out["latency_text_us"]
    out["latency_us"] = {k: lat.get(k) for k in ("p50", "p90", "p99", "p99_9", "mean", "max") if k in lat}
    if out["exact"]:
        exact = out["exact"]
        # The exact count, where wrk's text rounds; wrk counts requests completed in the window.
        out["requests"] = exact["requests"]
        out["requests_per_s"] = exact["requests"] / (exact["duration_us"] / 1e6)
        out["non_2xx"] = exact["errors"]["status"]
        out["socket_errors"] = {k: exact["errors"][k] for k in ("connect", "read", "write", "timeout")}
    return out


class Reloader(threading.Thread):
    """POSTs /v1/lists/reload?wait=true every `every` seconds until stopped."""

    def __init__(self, server: Server, every: float) -> None:
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.stop_event = threading.Event()
        self.results: list[dict] = []

    def run(self) -> None:
        started = time.monotonic()
        tick = 1
        while not self.stop_event.wait(max(0.0, started + tick * self.every - time.monotonic())):
            tick += 1
            t0 = time.monotonic()
            result: dict = {"at_s": round(t0 - started, 2), "t0": t0}
            try:
                status, body = http("POST", self.server.base + "/v1/lists/reload?wait=true",
                                    key=self.server.key, body=b"", timeout=120)
                result["http_status"] = status
                try:
                    doc = json.loads(body)
                except ValueError:
                    doc = {"raw": body[:300].decode("utf-8", "replace")}
                result["status"] = doc.get("status") if isinstance(doc, dict) else None
                if not (status == 200 and result["status"] == "ok"):
                    result["body"] = body[:500].decode("utf-8", "replace")
                else:
                    snap = doc.get("snapshot") or {}
                    result["version"] = snap.get("version")
                    result["load_ms"] = snap.get("load_ms")
            except (urllib.error.URLError, OSError) as e:
                result["http_status"] = None
                result["status"] = "exception"
                result["body"] = repr(e)
            result["t1"] = time.monotonic()
            result["seconds"] = round(result["t1"] - t0, 3)
            result["ok"] = result.get("http_status") == 200 and result.get("status") == "ok"
            self.results.append(result)
            # Catch up without bunching when a reload took longer than the interval.
            tick = max(tick, int((time.monotonic() - started) / self.every) + 1)


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs together, from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already in user
    return total - idle, total


class Sampler(threading.Thread):
    """Once a second: the screens the server has answered (/metrics), its CPU time and the whole
    machine's, so that a dip can be placed (a reload, or other work on the machine)."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.stop_event = threading.Event()
        self.samples: list[dict] = []

    def run(self) -> None:
        while True:
            screens = sum(v for k, v in self.server.metrics().items()
                          if k.startswith('cordon_http_requests_total{route="/v1/screen"'))
            busy, total = machine_jiffies()
            self.samples.append({"t": time.monotonic(), "screens": screens, "server_cpu_s": proc_cpu_s(
                self.server.proc.pid), "machine_busy": busy, "machine_total": total})
            if self.stop_event.wait(1.0):
                return

    def per_second(self) -> list[dict]:
        out = []
        for a, b in zip(self.samples, self.samples[1:]):
            dt = b["t"] - a["t"]
            total = b["machine_total"] - a["machine_total"]
            out.append({"start": a["t"], "end": b["t"],
                        "screens_per_s": (b["screens"] - a["screens"]) / dt,
                        "server_cores": (b["server_cpu_s"] - a["server_cpu_s"]) / dt,
                        "machine_cores": (os.cpu_count() or 1) * (b["machine_busy"] - a["machine_busy"]) / total
                        if total else 0.0})
        return out


def run_wrk(server: Server, args, duration: float) -> tuple[str, float, float]:
    """Runs wrk once; returns its output, its CPU seconds and its wall seconds."""
    cmd = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{int(duration)}s", "--latency",
           f"--timeout={args.wrk_timeout}s", "-s", str(LUA), server.base, "--", str(args.names)]
    env = dict(os.environ, CORDON_LOAD_KEY=server.key)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited with status {proc.returncode}:\n{out}")
    return out, usage.ru_utime + usage.ru_stime, wall


def screen_codes(samples_before: dict, samples_after: dict) -> dict[str, float]:
    """cordon_http_requests_total by code over the run, for the routes other than the open ones."""
    codes: dict[str, float] = {}
    for name, value in samples_after.items():
        if not name.startswith("cordon_http_requests_total{"):
            continue
        route = re.search(r'route="([^"]*)"', name)
        code = re.search(r'code="([^"]*)"', name)
        if not code or (route and route.group(1) in ("/readyz", "/healthz", "/metrics")):
            continue
        delta = value - samples_before.get(name, 0.0)
        if delta:
            key = f"{route.group(1) if route else '?'} {code.group(1)}"
            codes[key] = codes.get(key, 0) + delta
    return codes


def one_run(label: str, args, list_args: list[str], workdir: Path, reload_every: float | None) -> dict:
    server = Server(args.cordon, list_args, args.server_threads, workdir, label)
    result: dict = {"label": label, "server_command": " ".join(
        c if not c.endswith(".config.json") else "CONFIG" for c in server.cmd)}
    try:
        result["ready_s"] = round(server.wait_ready(args.ready_timeout), 2)
        status, body = http("POST", server.base + "/v1/screen", key=server.key,
                            body=json.dumps({"name": "Kim Sang-man"}).encode())
        result["probe"] = {"status": status, "body": body[:300].decode("utf-8", "replace")}
        if status != 200:
            raise RuntimeError(f"probe POST /v1/screen answered {status}: {body[:300]!r}")
        if args.warmup > 0:
            print(f"  {label}: warm-up {args.warmup} s")
            run_wrk(server, args, args.warmup)
        before = server.metrics()
        cpu0 = proc_cpu_s(server.proc.pid)
        jiffies0 = machine_jiffies()
        load0 = os.getloadavg()
        sampler = Sampler(server)
        sampler.start()
        reloader = Reloader(server, reload_every) if reload_every else None
        print(f"  {label}: wrk {args.duration} s, {args.connections} connections, {args.wrk_threads} threads"
              + (f", a reload every {reload_every:g} s" if reloader else ""))
        if reloader:
            reloader.start()
        try:
            text, wrk_cpu, wall = run_wrk(server, args, args.duration)
        finally:
            if reloader:
                reloader.stop_event.set()
                reloader.join(timeout=180)
            sampler.stop_event.set()
            sampler.join(timeout=10)
        cpu1 = proc_cpu_s(server.proc.pid)
        jiffies1 = machine_jiffies()
        machine_cores = (os.cpu_count() or 1) * (jiffies1[0] - jiffies0[0]) / max(1, jiffies1[1] - jiffies0[1])
        result["load_average"] = [round(load0[0], 2), round(os.getloadavg()[0], 2)]
        result["server_cpu_s"] = round(cpu1 - cpu0, 2)
        result["server_cores_busy"] = round((cpu1 - cpu0) / wall, 2)
        result["wrk_cpu_s"] = round(wrk_cpu, 2)
        result["wall_s"] = round(wall, 2)
        result["machine_cores_busy"] = round(machine_cores, 2)
        # What neither the server nor wrk used: this script (its reload and sampling threads) and
        # anything else running on the machine.
        result["other_cores_busy"] = round(max(0.0, machine_cores - result["server_cores_busy"]
                                               - wrk_cpu / wall), 2)
        seconds = sampler.per_second()
        result["per_second"] = [{"screens_per_s": round(x["screens_per_s"]), "server_cores": round(
            x["server_cores"], 2), "machine_cores": round(x["machine_cores"], 2)} for x in seconds]
        if seconds:
            rates = sorted(x["screens_per_s"] for x in seconds)
            result["per_second_screens"] = {"min": round(rates[0]), "median": round(rates[len(rates) // 2]),
                                            "max": round(rates[-1])}
        result["peak_rss_mb"] = round(proc_status_kb(server.proc.pid, "VmHWM") / 1024, 1)
        result["rss_mb"] = round(proc_status_kb(server.proc.pid, "VmRSS") / 1024, 1)
        after = server.metrics()
        result["metrics_codes"] = screen_codes(before, after)
        result["reloads_total"] = {k: v for k, v in after.items() if k.startswith("cordon_reloads_total")}
        result["wrk_text"] = text
        result["wrk"] = parse_wrk(text)
        if result["wrk"]["requests"] and result["server_cpu_s"] > 0:
            result["screens_per_server_cpu_s"] = round(result["wrk"]["requests"] / result["server_cpu_s"])
        if reloader:
            result["reloads"] = reloader.results
            # Seconds that overlap a reload against the others.
            during: list[float] = []
            outside: list[float] = []
            for x in seconds:
                overlaps = any(r["t0"] < x["end"] and r.get("t1", r["t0"]) > x["start"] for r in reloader.results)
                (during if overlaps else outside).append(x["screens_per_s"])
            if during and outside:
                result["screens_per_s_during_reloads"] = round(sum(during) / len(during))
                result["screens_per_s_between_reloads"] = round(sum(outside) / len(outside))
            for r in reloader.results:
                r.pop("t0", None), r.pop("t1", None)
    finally:
        server.stop()
        result["server_exit"] = server.exit_code
        result["log"] = server.log_summary()
        if args.keep_logs:
            shutil.copy(server.log_path, RESULTS / f"load-{label}.log")
    return result


# ---------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------

def machine() -> dict:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    return {"nproc": int(nproc), "cpu_model": model, "kernel": os.uname().release}


def revision() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no",
                                "--", "src", "include", "apps"], capture_output=True, text=True).stdout
        return head + (" (with uncommitted changes in src/, include/ or apps/)" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def errors_of(run: dict) -> int:
    w = run["wrk"]
    return sum(w["socket_errors"].values()) + w["non_2xx"]


def target_checks(runs: dict[str, dict]) -> list[tuple[bool, str]]:
    checks = []
    if "plain" in runs:
        w = runs["plain"]["wrk"]
        p99_ms = w["latency_us"]["p99"] / 1000
        checks.append((w["requests_per_s"] >= MIN_RPS,
                       f"plain: {w['requests_per_s']:,.0f} screens/s (target >= {MIN_RPS:,})"))
        checks.append((p99_ms <= MAX_P99_MS, f"plain: p99 {p99_ms:.2f} ms (target <= {MAX_P99_MS:g} ms)"))
        e = errors_of(runs["plain"])
        checks.append((e == 0, f"plain: {e} errors: socket {w['socket_errors']}, non-2xx {w['non_2xx']} "
                               "(target 0)"))
    if "reload" in runs:
        r = runs["reload"]
        w = r["wrk"]
        e = errors_of(r)
        checks.append((e == 0, f"with reloads: {e} failed requests: socket {w['socket_errors']}, "
                               f"non-2xx {w['non_2xx']} (target 0)"))
        reloads = r.get("reloads", [])
        bad = [x for x in reloads if not x["ok"]]
        checks.append((bool(reloads) and not bad,
                       f"with reloads: {len(reloads) - len(bad)} of {len(reloads)} reloads ok (target: all, "
                       "at least one)"))
    for label, r in runs.items():
        if r.get("server_exit") not in (0, None):
            checks.append((False, f"{label}: the server exited with status {r['server_exit']} on SIGTERM"))
    return checks


def fmt_ms(us: float | None) -> str:
    return "–" if us is None else f"{us / 1000:.2f}"


def markdown(report: dict) -> str:
    m = report["machine"]
    runs = report["runs"]
    rows = []
    for label, r in runs.items():
        w = r["wrk"]
        lat = w["latency_us"]
        rows.append(f"| {label} | {w['requests_per_s']:,.0f} | {fmt_ms(lat.get('p50'))} | "
                    f"{fmt_ms(lat.get('p90'))} | {fmt_ms(lat.get('p99'))} | {fmt_ms(lat.get('p99_9'))} | "
                    f"{sum(w['socket_errors'].values())} | {w['non_2xx']} | "
                    f"{r['server_cores_busy']:.2f} | {r.get('screens_per_server_cpu_s', 0):,} | "
                    f"{r['wrk_cpu_s'] / r['wall_s']:.2f} | {r.get('other_cores_busy', 0):.2f} | "
                    f"{r['peak_rss_mb']:,.0f} |")
    lines = [
        "# cordon serve under load",
        "",
        f"Generated by `bench/load_test.py` on {report['date']}.",
        "",
        f"- Machine: {m['cpu_model']}, nproc {m['nproc']}, Linux {m['kernel']}; wrk and the server share it",
        f"- cordon: commit {report['commit']}; server: `{report['runs'][next(iter(runs))]['server_command']}`",
        f"- Command: `{report['command']}`",
        f"- Load: wrk 4.1.0, {report['connections']} connections, {report['wrk_threads']} threads, "
        f"{report['duration_s']} s per run after a {report['warmup_s']} s warm-up, each run on a fresh server; "
        f"POST /v1/screen with one name per request (`Authorization: Bearer`), cycling through the "
        f"{report['bodies']:,} bodies of `bench/load_names.jsonl` (half listed-name variants, half clean "
        "names, as in `bench/compare_peers.py`)",
        "- The reload run POSTs /v1/lists/reload?wait=true every "
        f"{report['reload_every_s']:g} s while wrk runs (a new snapshot built from the same files and swapped in)",
        "",
        "| run | screens/s | p50 ms | p90 ms | p99 ms | p99.9 ms | socket errors | non-2xx | server cores busy | screens per server CPU-s | wrk cores busy | other cores busy | server peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Cores busy are CPU-seconds per second of the run (/proc): the server, wrk, and the rest of the "
        "machine (this script's reload and sampling threads, and any other work). Per second, from "
        "the server's /metrics: " + "; ".join(
            f"{label} {r['per_second_screens']['min']:,}–{r['per_second_screens']['max']:,} screens/s "
            f"(median {r['per_second_screens']['median']:,})"
            for label, r in runs.items() if r.get("per_second_screens")) + ".",
        "",
        *[f"**{label}: other work used {r['other_cores_busy']:.2f} cores during the run**: its figures "
          "are those of a shared machine; rerun when it is quiet.\n" for label, r in runs.items()
          if r.get("other_cores_busy", 0) > BUSY_OTHERS_CORES],
        "Latency is wrk's: from writing the request to reading the whole response, closed loop (each "
        "connection waits for its answer), so it includes queueing behind the other 63 connections.",
        "",
        "## Targets",
        "",
        *[f"- {'met' if ok else '**MISSED**'}: {text}" for ok, text in report["checks"]],
        "",
    ]
    if "reload" in runs and runs["reload"].get("reloads"):
        rl = runs["reload"]["reloads"]
        secs = sorted(x["seconds"] for x in rl)
        lines += ["## Reloads", "",
                  f"{len(rl)} reloads, {sum(x['ok'] for x in rl)} ok; wait=true round trip "
                  f"{secs[0]:.2f}–{secs[-1]:.2f} s (median {secs[len(secs) // 2]:.2f} s); "
                  f"server metrics {runs['reload'].get('reloads_total') or '–'}."
                  + (f" Throughput in the seconds that overlap a reload: "
                     f"{runs['reload']['screens_per_s_during_reloads']:,} screens/s, in the others "
                     f"{runs['reload']['screens_per_s_between_reloads']:,}."
                     if runs['reload'].get('screens_per_s_during_reloads') else ""), ""]
        for x in rl:
            if not x["ok"]:
                lines.append(f"- at {x['at_s']} s: HTTP {x.get('http_status')}, {x.get('body', '')}")
        lines.append("")
    lo, hi = YENTE_RPS_PER_CORE
    if "plain" in runs and runs["plain"].get("screens_per_server_cpu_s"):
        per_core = runs["plain"]["screens_per_server_cpu_s"]
        lines += ["## For context", "",
                  f"yente (OpenSanctions' match API) is published at about {lo}–{hi} /match requests per "
                  f"second per CPU core; cordon here answers {per_core:,} screens per server CPU-second. "
                  "Not a like-for-like comparison: a yente query scores several properties against an "
                  "Elasticsearch index, on other hardware.", ""]
    lines += ["## Server status codes and log", ""]
    for label, r in runs.items():
        codes = ", ".join(f"{k}: {v:,.0f}" for k, v in sorted(r["metrics_codes"].items())) or "–"
        log = r["log"]
        lines.append(f"- {label}: /metrics requests by route and code over the run: {codes}; log levels "
                     f"{log['levels']}, events {log['events']}; exit status on SIGTERM {r['server_exit']}")
        for n in log["notable"][:8]:
            lines.append(f"  - `{n}`")
    lines += ["", "## wrk output", ""]
    for label, r in runs.items():
        lines += [f"{label}:", "", "```", r["wrk_text"].rstrip(), "```", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cordon", type=Path, default=REPO / "build" / "apps" / "cordon" / "cordon")
    ap.add_argument("--list", action="append", default=[], help="--list SPEC passed to cordon serve")
    ap.add_argument("--data", help="--data DIR passed to cordon serve")
    ap.add_argument("--server-threads", type=int, help="--threads N for cordon serve (default: its own)")
    ap.add_argument("--duration", type=int, default=60, help="seconds of wrk per run (default 60)")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of wrk before each run, not counted")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--wrk-timeout", type=int, default=2, help="wrk's --timeout in seconds")
    ap.add_argument("--reload-every", type=float, default=5.0)
    ap.add_argument("--runs", default="plain,reload", help="comma list of plain, reload")
    ap.add_argument("--names", type=Path, default=NAMES, help="request bodies, one JSON object a line")
    ap.add_argument("--ready-timeout", type=float, default=60)
    ap.add_argument("--out", type=Path, default=RESULTS / "load-latest.md", help="the .json goes beside it")
    ap.add_argument("--keep-logs", action="store_true", help="copy the server logs to bench/results/")
    ap.add_argument("--make-names", action="store_true", help="rebuild bench/load_names.jsonl and exit")
    ap.add_argument("--seed", type=int, default=20260301, help="for --make-names")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)

    if not args.cordon.is_file():
        print(f"error: no cordon binary at {args.cordon}: run `bash scripts/build.sh` or pass --cordon",
              file=sys.stderr)
        return 2
    if args.make_names:
        make_names(args.cordon, args.list, 1000, 1000, args.seed)
        return 0
    if shutil.which("wrk") is None:
        print("error: wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    if not args.names.is_file():
        print(f"error: no request bodies at {args.names} (--make-names builds them)", file=sys.stderr)
        return 2
    if subprocess.run(["pgrep", "-x", "ninja"], capture_output=True).returncode == 0:
        print("warning: a ninja build is running: the figures will be those of a busy machine",
              file=sys.stderr)
    list_args = [a for spec in args.list for a in ("--list", spec)]
    if args.data:
        list_args += ["--data", args.data]
    labels = [x.strip() for x in args.runs.split(",") if x.strip()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(), "commit": revision(),
        "command": " ".join(["/usr/bin/python3", "bench/load_test.py"] + sys.argv[1:]),
        "connections": args.connections, "wrk_threads": args.wrk_threads, "duration_s": args.duration,
        "warmup_s": args.warmup, "reload_every_s": args.reload_every,
        "bodies": sum(1 for line in open(args.names, encoding="utf-8") if line.strip()),
        "targets": {"min_screens_per_s": MIN_RPS, "max_p99_ms": MAX_P99_MS},
        "yente_rps_per_core": list(YENTE_RPS_PER_CORE), "runs": {},
    }
    workdir = Path(tempfile.mkdtemp(prefix="cordon-load-"))
    try:
        for label in labels:
            print(f"{label} run")
            report["runs"][label] = one_run(label, args, list_args, workdir,
                                            args.reload_every if label == "reload" else None)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    report["checks"] = target_checks(report["runs"])
    text = markdown(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    print()
    for label, r in report["runs"].items():
        w = r["wrk"]
        lat = w["latency_us"]
        print(f"{label}: {w['requests_per_s']:,.0f} screens/s, p50 {fmt_ms(lat.get('p50'))} ms, "
              f"p90 {fmt_ms(lat.get('p90'))} ms, p99 {fmt_ms(lat.get('p99'))} ms, "
              f"socket errors {sum(w['socket_errors'].values())}, non-2xx {w['non_2xx']}, "
              f"server CPU {r['server_cores_busy']:.2f} cores, peak RSS {r['peak_rss_mb']:,.0f} MB"
              + (f", reloads ok {sum(x['ok'] for x in r['reloads'])}/{len(r['reloads'])}"
                 if "reloads" in r else ""))
        if r.get("other_cores_busy", 0) > BUSY_OTHERS_CORES:
            print(f"warning: {label}: other work used {r['other_cores_busy']:.2f} cores during the run: "
                  "rerun when the machine is quiet", file=sys.stderr)
    lo, hi = YENTE_RPS_PER_CORE
    print(f"context: yente's published figures are about {lo}-{hi} match requests/s per CPU core")
    for ok, line in report["checks"]:
        print(f"{'PASS' if ok else 'FAIL'} {line}")
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0 if all(ok for ok, _ in report["checks"]) else 1


if __name__ == "__main__":
    sys.exit(main())
