#!/usr/bin/env python3
"""Benchmarks of the analysis store, measured with the real `parley` binary.

    Benchmarks/StoreBench/bench.py [--events 200000] [--report-comments 0] [--binary PATH] [--work DIR] [--no-postgres]

Prints one line per measure: name, value, unit, the reference measured in the same run, the ratio
and the goal (issues 7 and 18). Data is generated deterministically by generate.py (cached in --work).

- merge:    a fresh store from --events generated events (3 writers x 4 sessions); events/s.
            Reference: sqlite3's own `.import` of the same rows (a row per event: n, id, session,
            writer, seq, at, type, the line's fingerprint and the line, as CSV) into the classic
            per-event events table (id UNIQUE, an index on session), in a fresh file with the store's
            page size.
- merge (PostgreSQL): the same logs merged into a fresh database of a throwaway PostgreSQL server
            (started here, stopped at the end); reference: `COPY events (...) FROM STDIN` of the
            same rows, through psql, into the same per-event table in another fresh database.
            Left out, with a line saying why, when PostgreSQL's programs are not installed.
- re-merge: the same logs merged again into that store; events/s.
- report:   `parley report` (text) over the store; with --report-comments N a second dataset with
            about N comments is generated and merged first (1,000,000 takes a few minutes).
- search:   `parley search` of two words, and of one common word, limit 20; wall time of the
            command, process start included.
"""
import argparse, csv, glob, json, os, shutil, socket, sqlite3, struct, subprocess, sys, tempfile, time

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


# The reference's table: a row per event, as the store kept events before they were packed in chunks.
CLASSIC_SQLITE = """CREATE TABLE events (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, session TEXT NOT NULL, writer TEXT NOT NULL,
    seq INTEGER NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL, hash_high INTEGER NOT NULL, hash_low INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX events_by_session ON events(session);"""
CLASSIC_POSTGRES = """CREATE TABLE events (n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE,
    session text COLLATE "C" NOT NULL, writer text COLLATE "C" NOT NULL, seq bigint NOT NULL, at text COLLATE "C" NOT NULL,
    type text COLLATE "C" NOT NULL, hash_high bigint NOT NULL, hash_low bigint NOT NULL, json text NOT NULL);
CREATE INDEX events_by_session ON events (session);"""
COLUMNS = "id, session, writer, seq, at, type, hash_high, hash_low, json"


def reference_rows(work, logs, store):
    """The merged events as the classic table's rows, as CSV: with its row number n (for SQLite) and
    without (PostgreSQL numbers them itself). Every line of the logs is new to a fresh store, so the
    store's fingerprints (line_hashes, in merge order) pair with the lines in the order merge reads them."""
    with_n = os.path.join(work, os.path.basename(logs) + "-events.csv")
    without_n = os.path.join(work, os.path.basename(logs) + "-events-pg.csv")
    if os.path.exists(with_n) and os.path.exists(without_n):
        return with_n, without_n
    db = sqlite3.connect(store)
    packed = b"".join(row[0] for row in db.execute("SELECT hashes FROM line_hashes ORDER BY n"))
    db.close()
    hashes = [struct.unpack_from("<qq", packed, offset) for offset in range(0, len(packed), 16)]
    n = 0
    with open(with_n, "w", newline="", encoding="utf-8") as a, open(without_n, "w", newline="", encoding="utf-8") as b:
        wa, wb = csv.writer(a, lineterminator="\n"), csv.writer(b, lineterminator="\n")
        for path in sorted(glob.glob(os.path.join(logs, "**", "*.jsonl"), recursive=True)):
            with open(path, encoding="utf-8", newline="\n") as f:
                for text in f:
                    text = text.rstrip("\n").rstrip("\r")
                    if not text:
                        continue
                    e = json.loads(text)
                    row = [e["id"], e["session"], e["writer"], e["seq"], e["at"], e["type"], hashes[n][0], hashes[n][1], text]
                    n += 1
                    wa.writerow([n] + row)
                    wb.writerow(row)
    if n != len(hashes):
        sys.exit(f"the store holds {len(hashes)} fingerprints for {n} lines: cannot pair them for the reference")
    return with_n, without_n


class PostgresServer:
    """A throwaway PostgreSQL server, as the tests start one: initdb (as the postgres user when run as
    root), a private data folder, a free port on 127.0.0.1; stopped and removed at the end, even on failure."""

    def __init__(self, work):
        self.work = work
        self.bindir = self.find()

    @staticmethod
    def find():
        try:
            found = subprocess.run(["pg_config", "--bindir"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
            if os.path.exists(os.path.join(found, "initdb")):
                return found
        except FileNotFoundError:
            pass
        for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
            if os.path.exists(os.path.join(folder, "initdb")):
                return folder
        return None

    def run(self, args, **kw):
        """Runs a server program as the postgres user when we are root (PostgreSQL refuses to run as root)."""
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(prefix + args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="parley-bench-pg-", dir=self.work)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = os.path.join(self.folder, "data")
        try:
            self.run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-sync"])
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            self.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l", os.path.join(self.folder, "server.log"), "-w",
                      "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}", "start"])
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            subprocess.run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                           + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.folder, ignore_errors=True)

    def psql(self, database, sql, stdin=None):
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
            subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
                            "-q", "-c", sql], stdin=source, check=True, stdout=subprocess.DEVNULL)

    def url(self, database):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"


def postgres(a, parley, logs, merged, rows):
    """The PostgreSQL merge and its reference, `COPY … FROM STDIN` of the same rows, in one run."""
    server = PostgresServer(a.work)
    if not server.bindir or not shutil.which("psql"):
        line("merge (PostgreSQL)", "-", "", "PostgreSQL is not installed (apt-get install postgresql): left out")
        return
    with server:
        merge_times, copy_times = [], []
        for run_number in range(a.runs):
            # Each timed run starts from a checkpoint, so none pays for the one the run before it made due.
            server.psql("postgres", f"CREATE DATABASE merge_{run_number}")
            server.psql("postgres", "CHECKPOINT")
            merge_times.append(run([parley, "merge", "--store", server.url(f"merge_{run_number}"), logs])[0])
            server.psql("postgres", f"CREATE DATABASE reference_{run_number}")
            server.psql(f"reference_{run_number}", CLASSIC_POSTGRES)
            server.psql("postgres", "CHECKPOINT")
            start = time.perf_counter()
            server.psql(f"reference_{run_number}", f"COPY events ({COLUMNS}) FROM STDIN WITH (FORMAT csv)", stdin=rows)
            copy_times.append(time.perf_counter() - start)
    merge_rate, copy_rate = merged / min(merge_times), merged / min(copy_times)
    line("merge (PostgreSQL)", f"{merge_rate:,.0f}", "events/s", f"COPY FROM STDIN {copy_rate:,.0f} rows/s",
         f"{merge_rate / copy_rate:.2f}", "ratio >= 0.5")


def line(name, value, unit, reference="", ratio="", goal=""):
    print(f"{name:<22} {value:>14} {unit:<10} {reference:<40} {ratio:<12} {goal}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--report-comments", type=int, default=0)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "parley"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "parley-store-bench"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-postgres", action="store_true", help="leave out the PostgreSQL measure")
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

    # Reference: sqlite3 .import of the same rows into the classic per-event table.
    rows, postgres_rows = reference_rows(a.work, logs, store)
    page = subprocess.run(["sqlite3", store, "PRAGMA page_size"], stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    ref = os.path.join(a.work, "reference.sqlite")
    import_times = []
    for _ in range(a.runs):
        if os.path.exists(ref):
            os.remove(ref)
        subprocess.run(["sqlite3", ref], input=f"PRAGMA page_size={page};\n{CLASSIC_SQLITE}", text=True, check=True)
        import_times.append(run(["sqlite3", ref, ".mode csv", f".import {rows} events"])[0])
    import_rate = merged / min(import_times)
    line("merge", f"{merge_rate:,.0f}", "events/s", f"sqlite3 .import {import_rate:,.0f} rows/s",
         f"{merge_rate / import_rate:.2f}", "ratio >= 1.0")
    if not a.no_postgres:
        postgres(a, parley, logs, merged, postgres_rows)

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
        line("report (big)", f"{report * 1000:,.0f}", "ms", f"{big_comments:,} comments", "", "<= 300 ms at 1,000,000 comments")
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
