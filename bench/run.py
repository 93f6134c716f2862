#!/usr/bin/env python3
"""kiln's compile benchmark (issue 7): cold, no-op and one-model recompiles at N models.

For each N (default 1,000 and 10,000) this generates a project with bench/gen.py into a
cache folder (reused while gen.py, N and the seed are unchanged), copies it to a working
folder, and measures `kiln compile`:

  cold      a fresh target folder each run (`rm -rf` before it): no compile cache;
  no-op     the same target folder again, nothing changed;
  touch     after appending a new comment line to one mart (a different line each run);

each as wall time over several runs (hyperfine when installed, else a loop here), the
peak RSS of one run of each (GNU time's `%M`, else getrusage of the child), and kiln's
per-phase breakdown from a cold run: the `timing <phase> <n> ms` lines kiln prints to
stderr with `--timings`, when it has that flag; otherwise its summary line.

Prints a markdown report and writes it to bench/results.md (with the machine's facts).
bench/run.sh builds the release binary first and is the one command to use:

    bench/run.sh                        # N = 1000 and 10000
    bench/run.sh --sizes 1000 --runs 3  # quicker

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "bench", "gen.py")
TIMING_RE = re.compile(r"^timing\s+(\S+)\s+([0-9.]+)\s*(ms|s|us|µs)?\s*$")
SUMMARY_RE = re.compile(r"^compiled .* in [0-9.]+ m?s\b.*$", re.MULTILINE)


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kw)


def project_for(n: int, seed: int, cache: str) -> str:
    """The generated project for N models, regenerated only when gen.py or its arguments
    changed since the cached copy was made."""
    with open(GEN, "rb") as f:
        stamp = hashlib.sha256(f.read() + f"\n{n} {seed}".encode()).hexdigest()
    out = os.path.join(cache, f"project-{n}")
    stamp_file = os.path.join(cache, f"project-{n}.sha256")
    if os.path.isdir(out) and os.path.exists(stamp_file) and open(stamp_file).read().strip() == stamp:
        print(f"reusing {out} (gen.py unchanged)", file=sys.stderr)
        return out
    if os.path.exists(stamp_file):
        os.remove(stamp_file)
    sh([sys.executable, GEN, "--models", str(n), "--seed", str(seed), "--out", out])
    with open(stamp_file, "w") as f:
        f.write(stamp + "\n")
    return out


def touched_mart(project: str) -> str:
    marts = sorted(
        os.path.join(d, f)
        for d, _, files in os.walk(os.path.join(project, "models", "marts"))
        for f in files if f.endswith(".sql"))
    return marts[len(marts) // 2]


def rss_wrapped(cmd: list[str], rss_file: str) -> list[str]:
    """`cmd` under GNU time, appending its peak RSS (KB) to `rss_file`; `cmd` alone without
    GNU time (then `wall_times` reads getrusage itself)."""
    if os.path.exists("/usr/bin/time"):
        return ["/usr/bin/time", "-f", "%M", "-a", "-o", rss_file, *cmd]
    return cmd


def peak_rss_kb(rss_file: str) -> int:
    with open(rss_file) as f:
        return max(int(line) for line in f if line.strip().isdigit())


def wall_times(name: str, cmd: list[str], prepare: str | None, runs: int, scratch: str) -> tuple[list[float], float, int]:
    """Wall seconds per run (hyperfine when installed, else the same protocol here), the
    mean CPU seconds (user + system) of a run, and the largest peak RSS of the runs in KB.
    GNU time wraps each run to read its RSS; it adds well under a millisecond."""
    rss_file = os.path.join(scratch, f"{name}.rss")
    open(rss_file, "w").close()
    cmd = rss_wrapped(cmd, rss_file)
    if shutil.which("hyperfine"):
        export = os.path.join(scratch, f"{name}.json")
        args = ["hyperfine", "--shell=none", "--runs", str(runs), "--export-json", export, "--style", "basic"]
        if prepare:
            args += ["--prepare", prepare]
        # hyperfine joins the words itself; paths here hold no spaces (checked in main).
        sh(args + [" ".join(cmd)], stdout=sys.stderr)
        with open(export) as f:
            result = json.load(f)["results"][0]
        times, cpu = list(result["times"]), result["user"] + result["system"]
    else:
        times, cpu_total = [], 0.0
        for _ in range(runs):
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_total += after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu = cpu_total / runs
    if os.path.exists("/usr/bin/time"):
        return times, cpu, peak_rss_kb(rss_file)
    # Without GNU time: the largest ru_maxrss of this script's waited-for children, which
    # is kiln's (the largest process it runs).
    return times, cpu, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def phases(cmd: list[str], prepare: str | None, scratch: str):
    """One cold run: kiln's own breakdown (`timing` lines, with `--timings` when kiln has
    the flag), its summary line, whether it has `--timings`, and the run's wall seconds, CPU
    seconds and peak RSS (KB; 0 without GNU time)."""
    helptext = subprocess.run([cmd[0], "compile", "--help"], capture_output=True, text=True).stdout
    with_flag = "--timings" in helptext
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    rss_file = os.path.join(scratch, "probe.rss")
    open(rss_file, "w").close()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(rss_wrapped(cmd + (["--timings"] if with_flag else []), rss_file),
                         capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    rss = peak_rss_kb(rss_file) if os.path.exists("/usr/bin/time") else after.ru_maxrss
    if run.returncode != 0:
        sys.exit(f"kiln compile failed:\n{run.stderr}")
    found = []
    for line in run.stderr.splitlines():
        m = TIMING_RE.match(line.strip())
        if m:
            value = float(m.group(2))
            unit = m.group(3) or "ms"
            ms = value * {"ms": 1, "s": 1000, "us": 0.001, "µs": 0.001}[unit]
            found.append((m.group(1), ms))
    summary = SUMMARY_RE.search(run.stderr)
    last = (run.stderr.strip().splitlines() or [""])[-1]
    return found, summary.group(0).strip() if summary else last, with_flag, wall, cpu, rss


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def build_facts(kiln: str) -> str:
    """Which kiln was measured, read once before the first run (the tree may change later)."""
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"],
                           capture_output=True, text=True).stdout.strip()
    built = datetime.datetime.fromtimestamp(os.path.getmtime(kiln), datetime.timezone.utc).strftime("%H:%M UTC")
    where = "" if os.path.abspath(kiln) == os.path.join(ROOT, "target", "release", "kiln") else f", {kiln}"
    return (f"- kiln: release build of {built}{where}; the tree was at commit {commit}"
            f"{' with uncommitted changes in src/' if dirty else ''} when the benchmark started")


def machine_facts(bench_dir: str, build: str) -> list[str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    fs = subprocess.run(["df", "--output=fstype", bench_dir], capture_output=True, text=True).stdout.split()[-1:]
    fs = fs[0] if fs else "unknown"
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "unknown"
    return [
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        build,
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu}, {mem} RAM, Linux {platform.release()}",
        f"- load average when the report was written: {load} (on a shared machine wall time "
        "includes waiting for a CPU; CPU time does not)",
        f"- project and target/ on: {fs} ({bench_dir})",
        f"- tools: {'hyperfine' if shutil.which('hyperfine') else 'a loop in bench/run.py'} for wall times, "
        f"{'GNU time %M' if os.path.exists('/usr/bin/time') else 'getrusage'} for peak RSS",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, help="runs per measurement (default: 5 below 5,000 models, else 3)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kiln", default=os.path.join(ROOT, "target", "release", "kiln"))
    parser.add_argument("--dir", default=os.environ.get("KILN_BENCH_DIR", os.path.join(ROOT, "target", "bench")),
                        help="cache and scratch folder (default: target/bench, or $KILN_BENCH_DIR)")
    parser.add_argument("--results", default=os.path.join(ROOT, "bench", "results.md"),
                        help="where to write the report ('-' for nowhere)")
    args = parser.parse_args()
    bench_dir = os.path.abspath(args.dir)
    if " " in bench_dir or " " in args.kiln:
        parser.error("the benchmark folder and kiln's path must not contain spaces")
    os.makedirs(bench_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="results-", dir=bench_dir)
    build = build_facts(args.kiln)

    rows, phase_tables, notes = [], [], []

    def report() -> str:
        lines = [
            "# kiln compile benchmark",
            "",
            "Made by `bench/run.sh` (issue 7). Wall time: median of the runs (in brackets: kiln's CPU "
            "time, user + system, mean of the runs, and the fastest wall time); peak RSS: the largest of "
            "the runs of each kind.",
            "",
            *machine_facts(bench_dir, build),
            "",
            "| models | cold compile | no-op recompile | touch one mart | peak RSS (cold / no-op / touch) | runs |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            *[t + "\n" for t in phase_tables],
            *[f"- {note}" for note in notes],
            "",
            "cold: fresh `--target-path` (removed before each run); no-op: the same target again, nothing "
            "changed; touch: one mart gets a new `-- touched <ns>` line before each run. The project is "
            "made by `bench/gen.py --models N --seed 7` (deterministic).",
        ]
        return "\n".join(lines).rstrip() + "\n"

    def save() -> None:
        if args.results != "-":
            with open(args.results, "w", encoding="utf-8") as f:
                f.write(report())

    for n in args.sizes:
        runs = args.runs or (5 if n < 5000 else 3)
        cached = project_for(n, args.seed, bench_dir)
        work = os.path.join(bench_dir, f"work-{n}")
        target = os.path.join(bench_dir, f"target-{n}")
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(cached, work)
        mart = touched_mart(work)
        sql_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(work, "models"))
                        for f in fs if f.endswith(".sql"))
        cmd = [args.kiln, "compile", "--project-dir", work, "--target-path", target, "--quiet"]
        cold_prep = f"rm -rf {target}"
        # hyperfine runs --prepare without a shell (--shell=none), so the append that
        # changes the mart lives in a script of its own.
        touch_script = os.path.join(scratch, f"touch-{n}.sh")
        with open(touch_script, "w") as f:
            f.write(f"#!/bin/sh\nprintf -- '-- touched %s\\n' \"$(date +%s%N)\" >> {mart}\n")
        touch_prep = f"sh {touch_script}"

        # A first cold run reads kiln's own breakdown and sets the number of runs: one
        # each when a compile takes minutes (the figures are then single runs).
        print(f"\n== {n} models: a first cold compile for kiln's own timings", file=sys.stderr)
        found, summary, with_flag, probe, probe_cpu, probe_rss = phases(
            [c for c in cmd if c != "--quiet"], cold_prep, scratch)
        print(f"   {fmt_s(probe)} wall, {fmt_s(probe_cpu)} CPU: {summary}", file=sys.stderr)
        if args.runs is None and probe > 60:
            # Minutes per compile: this first run is the cold figure, one run of each kind.
            runs = 1
            cold, cold_cpu, rss_cold = [probe], probe_cpu, probe_rss
        else:
            print(f"== {n} models: cold compile ({runs} runs)", file=sys.stderr)
            cold, cold_cpu, rss_cold = wall_times(f"cold-{n}", cmd, cold_prep, runs, scratch)
        # The cold runs left a complete target/ for this project: the no-op needs no warmup.
        print(f"== {n} models: no-op recompile", file=sys.stderr)
        noop, noop_cpu, rss_noop = wall_times(f"noop-{n}", cmd, None, runs, scratch)
        print(f"== {n} models: recompile after touching {os.path.relpath(mart, work)}", file=sys.stderr)
        touch, touch_cpu, rss_touch = wall_times(f"touch-{n}", cmd, touch_prep, runs, scratch)

        def cell(times: list[float], cpu: float) -> str:
            spread = f", min {fmt_s(min(times))}" if len(times) > 1 else ""
            return f"{fmt_s(statistics.median(times))} ({fmt_s(cpu)} CPU{spread})"

        rows.append(f"| {n:,} ({sql_bytes / 1e6:.1f} MB SQL) | {cell(cold, cold_cpu)} | {cell(noop, noop_cpu)} | "
                    f"{cell(touch, touch_cpu)} | {rss_cold / 1024:.0f} / {rss_noop / 1024:.0f} / "
                    f"{rss_touch / 1024:.0f} MB | {runs} |")
        if found:
            named = [(name, ms) for name, ms in found if name != "total"]
            total = next((ms for name, ms in found if name == "total"), sum(ms for _, ms in named))
            rest = total - sum(ms for _, ms in named)
            if rest >= 1:
                named.append(("(in no phase)", rest))
            lines = [f"Per phase, one cold compile of {n:,} models (kiln `--timings`; wall time, "
                     f"{fmt_s(total / 1000)} in all):", "", "| phase | time | share |", "| --- | ---: | ---: |"]
            lines += [f"| {name} | {fmt_s(ms / 1000)} | {ms / max(total, 1e-9) * 100:.0f} % |" for name, ms in named]
            if not any(name in ("declare", "build", "project") for name, _ in named):
                lines += ["", "kiln reports `emit+write` as the total less its other phases, so until it times "
                          "declaration (`project::build`: nodes, columns and tests from the YAML) on its own, "
                          "that time is counted in `emit+write`."]
            phase_tables.append("\n".join(lines))
        else:
            notes.append(f"{n:,} models: kiln printed no per-phase timings"
                         f"{'' if with_flag else ' (no `--timings` flag yet)'}; its summary line: `{summary}`")

        # Written after each size, so a long run leaves what it measured so far.
        save()
    print("\n" + report())
    if args.results != "-":
        print(f"written to {os.path.relpath(args.results, ROOT)}", file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
