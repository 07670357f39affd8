#!/usr/bin/env python3
"""Benchmarks of the analysis store, measured with the real `parley` binary.

    Benchmarks/StoreBench/bench.py [--events 200000] [--report-comments 0] [--binary PATH] [--work DIR]

Prints one line per measure: name, value, unit, the reference measured in the same run, the ratio
and the goal (issue 7). Data is generated deterministically by generate.py (cached in --work).

- merge:    a fresh store from --events generated events (3 writers x 4 sessions); events/s.
            Reference: sqlite3's own `.import` of the same rows (the events table's columns, as
            CSV) into the same table in a fresh file with the same schema and page size.
- re-merge: the same logs merged again into that store; events/s.
- report:   `parley report` (text) over the store; with --report-comments N a second dataset with
            about N comments is generated and merged first (1,000,000 takes a few minutes).
- search:   `parley search` of two words, and of one common word, limit 20; wall time of the
            command, process start included.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, **kw):
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr}")
    return elapsed, result.stdout


def best(n, cmd):
    """Fastest of n runs (the machine may be busy)."""
    return min(run(cmd)[0] for _ in range(n))


def generate(work, events, sessions=4):
    folder = os.path.join(work, f"logs-{events}-{sessions}")
    if not os.path.isdir(folder):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), folder, "--events", str(events),
                        "--sessions", str(sessions)], check=True, stdout=subprocess.DEVNULL)
    return folder


def line(name, value, unit, reference="", ratio="", goal=""):
    print(f"{name:<22} {value:>14} {unit:<10} {reference:<40} {ratio:<12} {goal}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--report-comments", type=int, default=0)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "parley"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "parley-store-bench"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "parley"], cwd=ROOT, check=True)
    if not shutil.which("sqlite3"):
        sys.exit("sqlite3 is needed for the reference measure (apt-get install sqlite3)")
    os.makedirs(a.work, exist_ok=True)
    logs = generate(a.work, a.events)
    store = os.path.join(a.work, "bench.sqlite")
    parley = a.binary

    line("measure", "value", "unit", "reference (same run)", "ratio", "goal")

    # Merge into a fresh store: best of --runs.
    times = []
    for _ in range(a.runs):
        for suffix in ("", "-journal"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        elapsed, out = run([parley, "merge", "--store", store, logs])
        times.append(elapsed)
    merged = int(out.strip().splitlines()[-1].split(":")[1].split("events")[0].replace(",", "").strip())
    merge_rate = merged / min(times)

    # Reference: sqlite3 .import of the same rows into the same table.
    csv = os.path.join(a.work, "events.csv")
    with open(csv, "w") as f:
        subprocess.run(["sqlite3", "-csv", store, "SELECT n, id, session, writer, seq, at, type, hash_high, hash_low, json FROM events"],
                       stdout=f, check=True)
    schema = subprocess.run(["sqlite3", store, ".schema events"], stdout=subprocess.PIPE, text=True, check=True).stdout
    page = subprocess.run(["sqlite3", store, "PRAGMA page_size"], stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    ref = os.path.join(a.work, "reference.sqlite")
    import_times = []
    for _ in range(a.runs):
        if os.path.exists(ref):
            os.remove(ref)
        subprocess.run(["sqlite3", ref], input=f"PRAGMA page_size={page};\n{schema}", text=True, check=True)
        import_times.append(run(["sqlite3", ref, ".mode csv", f".import {csv} events"])[0])
    import_rate = merged / min(import_times)
    line("merge", f"{merge_rate:,.0f}", "events/s", f"sqlite3 .import {import_rate:,.0f} rows/s",
         f"{merge_rate / import_rate:.2f}", ">= 250,000 events/s; ratio >= 0.5")

    remerge = best(a.runs, [parley, "merge", "--store", store, logs])
    line("re-merge", f"{merged / remerge:,.0f}", "events/s", f"{merged:,} events in {remerge * 1000:.0f} ms", "",
         ">= 1,000,000 events/s")

    comments = int(subprocess.run(["sqlite3", store, "SELECT count(*) FROM comments WHERE deleted = 0"], stdout=subprocess.PIPE,
                                  text=True, check=True).stdout)
    report = best(a.runs, [parley, "report", "--store", store])
    line("report", f"{report * 1000:,.0f}", "ms", f"{comments:,} comments", "", "<= 1 s at 1,000,000 comments")

    if a.report_comments:
        big_logs = generate(a.work, int(a.report_comments / 0.73), sessions=40)
        big = os.path.join(a.work, "big.sqlite")
        if not os.path.exists(big):
            run([parley, "merge", "--store", big, big_logs])
        big_comments = int(subprocess.run(["sqlite3", big, "SELECT count(*) FROM comments WHERE deleted = 0"],
                                          stdout=subprocess.PIPE, text=True, check=True).stdout)
        report = best(a.runs, [parley, "report", "--store", big])
        line("report (big)", f"{report * 1000:,.0f}", "ms", f"{big_comments:,} comments", "", "<= 1 s at 1,000,000 comments")
        search = best(a.runs, [parley, "search", "--store", big, "kidney", "doctor", "--limit", "20"])
        line("search (big)", f"{search * 1000:,.0f}", "ms", f"{big_comments:,} comments", "", "<= 50 ms")

    search = best(a.runs, [parley, "search", "--store", store, "kidney", "doctor", "--limit", "20"])
    line("search", f"{search * 1000:,.0f}", "ms", f"{comments:,} comments, two words", "", "<= 50 ms")
    search = best(a.runs, [parley, "search", "--store", store, "the", "--limit", "20"])
    line("search (common word)", f"{search * 1000:,.0f}", "ms", f"{comments:,} comments", "", "<= 50 ms")
    export = best(1, [parley, "export", "--store", store, "--format", "csv", "-o", os.path.join(a.work, "out.csv")])
    line("export csv", f"{comments / export:,.0f}", "comments/s", "", "", "")


if __name__ == "__main__":
    main()
