#!/usr/bin/env python3
"""bench.py -- `make bench`: assay beside the peers of ../shared/bench, one run.

    tools/bench.py [--runs N] [--tasks scan,cn,t1,t2,t3,fupin,merge,diff] [--corpus DIR] [--md FILE]

Builds the standard corpus (gen-corpus --mb 100 --seed 1) if missing, copies
and builds the C limit programs in the scratch folder, then times each
(task, implementation) N times, interleaved, and prints medians, min-max,
MiB/s, peak RSS and the ratio to the hand-written C reference of the same
run.  Every output is checked against the kit's expected outputs and every
database with check-db; a wrong answer is reported as FAIL, not timed away.
The machines are noisy: compare ratios inside one run, not seconds across days.

The first assay rows of T2 and T3 are what a user types: `assay run` with the
defaults (metadata and article rules on, texts stored) at -j 1 and -j 2; the
kit's own configuration (`--no-meta --no-text`, what the peers do) follows.
Task fupin runs the project's rule pack with the defaults at -j 2 over the
corpus (one run: it is slow), beside the kit's C reference for T3 (20 rules);
its facts have no expected digest, only their count is printed.

Peak memory: the assay rows with the defaults (and T2's `--no-meta --no-text`
-j1) run once more on a 10 MB slice (--small-corpus, built with gen-corpus
--mb 10 --seed 1 when missing; --small-corpus "" skips it), and a line gives
their peak RSS there beside the big corpus's: it should not follow the corpus.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
KIT = os.path.realpath(os.path.join(ROOT, "..", "shared", "bench"))
ASSAY = os.path.join(ROOT, "assay")
ENV = dict(os.environ, LC_ALL="C.UTF-8")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, out_path=None):
    """Run cmd under GNU time; return (seconds, peak RSS MiB, stdout, status)."""
    t = ["/usr/bin/time", "-f", "%M", "-o", "/tmp/assay-bench/.rss"] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(t, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    try:
        rss = int(open("/tmp/assay-bench/.rss").read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        rss = float("nan")
    if p.returncode != 0:
        log("FAILED:", " ".join(cmd), p.stderr.decode(errors="replace")[-2000:])
    return dt, rss, p.stdout.decode(errors="replace"), p.returncode


def sql(db, query):
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


T2_VIEW = """CREATE VIEW IF NOT EXISTS money AS
  SELECT substr(d.name, 1, length(d.name) - 4) AS doc, f.sentence AS sentence_index,
         f.start - 1 AS byte_offset, f.surface AS surface, f.value AS value
  FROM facts f JOIN docs d ON d.id = f.doc_id WHERE f.rule = 'money'"""
T3_VIEW = """CREATE VIEW IF NOT EXISTS matches AS
  SELECT substr(d.name, 1, length(d.name) - 4) AS doc, f.rule AS rule,
         f.sentence AS sentence_index, f.start - 1 AS byte_offset, f.surface AS surface
  FROM facts f JOIN docs d ON d.id = f.doc_id"""


def assay_output(task, db):
    """The kit's stdout lines, computed from assay's database."""
    import sqlite3
    con = sqlite3.connect(db)
    try:
        if task == "t2":
            con.execute(T2_VIEW)
            rows = con.execute("SELECT count(*) FROM money").fetchone()[0]
            fen = con.execute("SELECT value FROM money").fetchall()
            import math
            total = sum(int(math.floor(v * 100.0 + 0.5)) for (v,) in fen)
            return "rows\t%d\nsum\t%d.%02d\n" % (rows, total // 100, total % 100)
        con.execute(T3_VIEW)
        names = [l.split("\t", 1)[0] for l in open(os.path.join(KIT, "rules.tsv"), encoding="utf-8")
                 if l.strip() and not l.startswith("#")]
        counts = dict(con.execute("SELECT rule, count(*) FROM matches GROUP BY rule").fetchall())
        out = "".join("%s\t%d\n" % (n, counts.get(n, 0)) for n in names)
        return out + "total\t%d\n" % sum(counts.values())
    finally:
        con.commit()
        con.close()


def check_db(task, db):
    p = subprocess.run([sys.executable, os.path.join(KIT, "check-db"), task, db],
                       stdout=subprocess.PIPE, env=ENV)
    return p.stdout.decode()


def bench_merge(a, runs):
    """assay merge of 4 shard databases of T3 (assay run --shard K/4) beside one
    run -j2 writing the same database: rows (documents + facts) per second of
    each, medians; the merged database checked against the kit's T3 digest."""
    work = "/tmp/assay-bench/merge"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    rules = os.path.join(ROOT, "scripts/bench/t3.lua")
    common = [ASSAY, "run", "-q", "--no-meta", "--no-text"]
    shards = []
    for k in range(4):
        db = os.path.join(work, "shard_%d.db" % k)
        log("bench: merge: shard %d/4" % k)
        run(common + ["-j", "2", "--shard", "%d/4" % k, "--db", db, rules, "--", a.corpus])
        shards.append(db)
    single, merged = os.path.join(work, "one.db"), os.path.join(work, "merged.db")
    t_run, t_merge = [], []
    for r in range(runs):
        for path in (single, merged):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        log("bench: merge run %d" % (r + 1))
        t_run.append(run(common + ["-j", "2", "--db", single, rules, "--", a.corpus])[0])
        t_merge.append(run([ASSAY, "merge", "-q", merged] + shards)[0])
    rows = sum(sql(merged, "SELECT (SELECT count(*) FROM docs) + (SELECT count(*) FROM facts)")[0])
    for path in (merged, single):
        sql(path, T3_VIEW)
    same = check_db("t3", merged) == check_db("t3", single)
    mr, mm = statistics.median(t_run), statistics.median(t_merge)
    shutil.rmtree(work, ignore_errors=True)
    return ("merge (T3, 4 shards of --shard K/4, %d rows): assay merge %.2f s = %.0f rows/s; one run -j2 "
            "writing the same %.2f s = %.0f rows/s; merged == single run: %s"
            % (rows, mm, rows / mm, mr, rows / mr, "ok" if same else "FAIL"))


def bench_diff(a):
    """`assay diff` over two T3 databases (12,400 documents, ~1.5 M facts each):
    two runs of the same rules, and a run where one rule (place) changed."""
    import resource
    t3 = os.path.join(ROOT, "scripts/bench/t3.lua")
    changed = os.path.join(a.work, "t3_changed.lua")
    src = open(t3, encoding="utf-8").read()
    with open(changed, "w", encoding="utf-8") as f:
        f.write(src.replace("[一-龥]{2,4}(?:省|市|县", "[一-龥]{2,3}(?:省|市|县"))
    paths = {}
    for name, rules in (("a", t3), ("b", t3), ("c", changed)):
        paths[name] = os.path.join(a.work, "diff-%s.db" % name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(paths[name] + suffix):
                os.remove(paths[name] + suffix)
        log("bench: diff: building T3 database %s" % name)
        subprocess.run([ASSAY, "run", "-q", "--no-meta", "--no-text", "--db", paths[name], rules, "--",
                        a.corpus], env=ENV, check=True)
    docs, facts = sql(paths["a"], "SELECT (SELECT count(*) FROM docs), (SELECT count(*) FROM facts)")[0]
    lines = []
    for label, other, expect in (("same rules", "b", 0), ("one rule changed", "c", 1)):
        times, cpu, out = [], [], ""
        for r in range(a.runs):
            log("bench: diff %s run %d" % (label, r + 1))
            t0, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            p = subprocess.run([ASSAY, "diff", "--limit", "20", paths["a"], paths[other]], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            out = p.stdout.decode(errors="replace")
            if p.returncode != expect:
                log("bench: diff %s: exit %d, expected %d: %s" % (label, p.returncode, expect,
                                                                 p.stderr.decode(errors="replace")[-500:]))
        total = [l for l in out.splitlines() if l.startswith("total ")]
        lines.append("assay diff of two T3 databases (%d documents, %d facts), %s: %.2f s median (%.2f-%.2f), "
                     "CPU %.2f s%s"
                     % (docs, facts, label, statistics.median(times), min(times), max(times), statistics.median(cpu),
                        ": " + " ".join(total[0].split()) if total else ""))
    for name in paths:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(paths[name] + suffix):
                os.remove(paths[name] + suffix)
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tasks", default="scan,cn,t1,t2,t3,fupin,merge,diff")
    ap.add_argument("--corpus", default=os.environ.get("ASSAY_BENCH_CORPUS",
                                                       "/tmp/assay-bench/corpus-100mb-s1"))
    ap.add_argument("--work", default="/tmp/assay-bench/work")
    ap.add_argument("--md", default=None)
    ap.add_argument("--small-corpus", default="/tmp/assay-bench/corpus-10mb-s1",
                    help="10 MB slice for the peak-memory line ('' skips it)")
    a = ap.parse_args()
    if not os.path.isdir(KIT):
        log("bench: ../shared/bench is absent: nothing to compare with")
        return 1
    os.makedirs(a.work, exist_ok=True)
    if not os.path.isdir(a.corpus) or not any(n.endswith(".txt") for n in os.listdir(a.corpus)):
        log("bench: building the standard corpus in", a.corpus)
        subprocess.run([sys.executable, os.path.join(KIT, "gen-corpus"), "--mb", "100", "--seed", "1",
                        "--out", a.corpus], check=True)
    limits = os.path.join(a.work, "limits")
    if not os.path.exists(os.path.join(limits, "ref_tasks")):
        shutil.rmtree(limits, ignore_errors=True)
        shutil.copytree(os.path.join(KIT, "limits"), limits)
        subprocess.run(["make", "-s", "-C", limits], check=True)
    # warm the page cache
    for n in os.listdir(a.corpus):
        with open(os.path.join(a.corpus, n), "rb") as f:
            f.read()
    mib = sum(os.path.getsize(os.path.join(a.corpus, n)) for n in os.listdir(a.corpus)) / 1048576
    rules = os.path.join(KIT, "rules.tsv")
    expected = {t: open(os.path.join(KIT, "expected", "standard-%s.txt" % t.upper())).read()
                for t in ("t1", "t2", "t3")}
    expected_db = {t: open(os.path.join(KIT, "expected", "standard-%s-db.txt" % t.upper())).read()
                   for t in ("t2", "t3")}
    peer_lua = ["lua5.4", os.path.join(KIT, "peers", "peer_lua.lua")]
    peer_py = [sys.executable, os.path.join(KIT, "peers", "peer_python.py")]
    db = os.path.join(a.work, "bench.db")

    def assay_run(script, *opts):
        return [ASSAY, "run", "-q"] + list(opts) + ["--db", db, os.path.join(ROOT, script), "--", a.corpus]

    def small_rss(cmd):
        """Peak RSS MiB of cmd (an assay run over a.corpus) over the small corpus."""
        cmd = [a.small_corpus if c == a.corpus else c for c in cmd]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        _, m, _, status = run(cmd)
        return m if status == 0 else float("nan")

    impls = {
        "t1": [
            ("assay (assay.re)", [ASSAY, os.path.join(ROOT, "scripts/bench/t1.lua"), a.corpus], None),
            ("lua (rex_pcre2)", peer_lua + ["t1rex", a.corpus], None),
            ("ripgrep -j1", ["sh", os.path.join(KIT, "peers", "t1_cli.sh"), "rg-j1", a.corpus], None),
            ("pcre2grep", ["sh", os.path.join(KIT, "peers", "t1_cli.sh"), "pcre2grep", a.corpus], None),
            ("c-ref", [os.path.join(limits, "ref_tasks"), "t1", a.corpus], None),
        ],
        "t2": [
            ("assay run -j1, defaults", assay_run("scripts/bench/t2.lua", "-j", "1"), "assay"),
            ("assay run -j2, defaults", assay_run("scripts/bench/t2.lua", "-j", "2"), "assay"),
            ("assay run -j1", [ASSAY, "run", "-q", "--no-meta", "--no-text", "-j", "1", "--db", db, os.path.join(ROOT, "scripts/bench/t2.lua"), "--", a.corpus], "assay"),
            ("assay run -j2", [ASSAY, "run", "-q", "--no-meta", "--no-text", "-j", "2", "--db", db, os.path.join(ROOT, "scripts/bench/t2.lua"), "--", a.corpus], "assay"),
            ("assay run -j2, texts stored", [ASSAY, "run", "-q", "--no-meta", "-j", "2", "--db", db, os.path.join(ROOT, "scripts/bench/t2.lua"), "--", a.corpus], "assay"),
            ("assay run -j1, emit function", [ASSAY, "run", "-q", "--no-meta", "--no-text", "-j", "1", "--db", db, os.path.join(ROOT, "scripts/bench/t2_emit.lua"), "--", a.corpus], "assay"),
            ("lua", peer_lua + ["t2", a.corpus, db], "peer"),
            ("python", peer_py + ["t2", a.corpus, db], "peer"),
            ("c-ref", [os.path.join(limits, "ref_tasks"), "t2", a.corpus, db], "peer"),
        ],
        "t3": [
            ("assay run -j1, defaults", assay_run("scripts/bench/t3.lua", "-j", "1"), "assay"),
            ("assay run -j2, defaults", assay_run("scripts/bench/t3.lua", "-j", "2"), "assay"),
            ("assay run -j1", [ASSAY, "run", "-q", "--no-meta", "--no-text", "-j", "1", "--db", db, os.path.join(ROOT, "scripts/bench/t3.lua"), "--", a.corpus], "assay"),
            ("assay run -j2", [ASSAY, "run", "-q", "--no-meta", "--no-text", "-j", "2", "--db", db, os.path.join(ROOT, "scripts/bench/t3.lua"), "--", a.corpus], "assay"),
            ("lua", peer_lua + ["t3", a.corpus, db, rules], "peer"),
            ("python", peer_py + ["t3", a.corpus, db, rules], "peer"),
            ("c-ref", [os.path.join(limits, "ref_tasks"), "t3", a.corpus, db, rules], "peer"),
        ],
        "fupin": [
            ("assay run scripts/fupin -j2, defaults", assay_run("scripts/fupin", "-j", "2"), "facts"),
            ("c-ref (T3, 20 rules)", [os.path.join(limits, "ref_tasks"), "t3", a.corpus, db, rules], None),
        ],
    }
    results = []
    scan_lines = []
    mem = []                     # (task, name, peak RSS MiB on the small corpus)
    if a.small_corpus and os.path.realpath(a.small_corpus) != os.path.realpath(a.corpus) and \
            not os.path.isdir(a.small_corpus):
        log("bench: building the 10 MB slice in", a.small_corpus)
        subprocess.run([sys.executable, os.path.join(KIT, "gen-corpus"), "--mb", "10", "--seed", "1",
                        "--out", a.small_corpus], check=True, stdout=subprocess.DEVNULL)
    if "scan" in a.tasks.split(","):
        # the regex scan alone, in memory: assay.re's gfind against pcre2_scan's JIT loop
        ours, theirs = [], []
        for r in range(a.runs):
            for name, cmd, into in (("assay.re gfind", [ASSAY, os.path.join(ROOT, "scripts/bench/scan.lua"), a.corpus], ours),
                                    ("pcre2_scan JIT", [os.path.join(limits, "pcre2_scan"), a.corpus], theirs)):
                log("bench: scan %s run %d" % (name, r + 1))
                _, _, out, _ = run(cmd)
                fields = dict(l.split("\t", 1) for l in out.splitlines() if "\t" in l)
                if fields.get("matches") != "108856" and a.corpus.endswith("corpus-100mb-s1"):
                    log("bench: scan %s counted %s matches, expected 108856" % (name, fields.get("matches")))
                into.append(float(fields["jit_scan_s"].split("\t")[0]))
        mo, mt = statistics.median(ours), statistics.median(theirs)
        scan_lines.append("scan (T2 pattern over the corpus in memory): assay.re %.3f s, pcre2_scan JIT %.3f s: "
                          "%.2fx the raw PCRE2 JIT loop" % (mo, mt, mo / mt))
    if "cn" in a.tasks.split(","):
        # assay.cn's quantities (whole process, reading included) beside the Python T2 peer
        ours, py = [], []
        for r in range(a.runs):
            log("bench: cn run %d" % (r + 1))
            dt, _, out, _ = run([ASSAY, os.path.join(ROOT, "scripts/bench/cn.lua"), a.corpus])
            ours.append(dt)
            dt2, _, _, _ = run(peer_py + ["t2", a.corpus, db])
            py.append(dt2)
            if os.path.exists(db):
                os.remove(db)
        mo, mp = statistics.median(ours), statistics.median(py)
        scan_lines.append("cn.quantities over the corpus (whole process): %.2f s = %.1f MiB/s; Python T2 peer %.2f s: "
                          "assay.cn is %.2fx faster" % (mo, mib / mo, mp, mp / mo))
    if "merge" in a.tasks.split(","):
        scan_lines.append(bench_merge(a, a.runs))
    if "diff" in a.tasks.split(","):
        scan_lines.extend(bench_diff(a))
    for task in a.tasks.split(","):
        if task in ("scan", "cn", "merge", "diff"):
            continue
        if task not in impls:
            log("bench: unknown task", task)
            continue
        times = {name: [] for name, _, _ in impls[task]}
        rss = {name: 0 for name, _, _ in impls[task]}
        check = {name: "" for name, _, _ in impls[task]}
        runs = 1 if task == "fupin" else a.runs
        for r in range(runs):
            for name, cmd, kind in impls[task]:
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.remove(db + suffix)
                log("bench: %s %s run %d" % (task, name, r + 1))
                dt, m, out, status = run(cmd)
                times[name].append(dt)
                rss[name] = max(rss[name], m)
                if r == 0:
                    if status != 0:
                        check[name] = "FAIL (exit %d)" % status
                        continue
                    if task == "fupin":
                        if kind == "facts":
                            check[name] = "%d facts" % sql(db, "SELECT count(*) FROM facts")[0][0]
                        else:
                            check[name] = "ok" if out == expected["t3"] else "FAIL"
                        continue
                    if kind == "assay":
                        out = assay_output(task, db)
                    ok = out == expected[task]
                    if ok and kind:
                        ok = check_db(task, db) == expected_db[task]
                    check[name] = "ok" if ok else "FAIL"
                    if not ok:
                        log("bench: %s %s output differs:\n%s" % (task, name, out[:500]))
        if a.small_corpus and os.path.realpath(a.small_corpus) != os.path.realpath(a.corpus):
            for name, cmd, kind in impls[task]:
                if kind in ("assay", "facts") and (", defaults" in name or (task, name) == ("t2", "assay run -j1")):
                    log("bench: %s %s on %s (peak memory)" % (task, name, a.small_corpus))
                    mem.append((task.upper(), name, small_rss(cmd)))
        ref = statistics.median(times["c-ref" if "c-ref" in times else "c-ref (T3, 20 rules)"])
        for name, _, _ in impls[task]:
            med = statistics.median(times[name])
            results.append((task.upper(), name, med, min(times[name]), max(times[name]),
                            mib / med, med / ref, rss[name], check[name]))
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    lines = ["| task | implementation | median s | min-max s | MiB/s | x c-ref | peak RSS MiB | check |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for t, n, med, lo, hi, rate, ratio, m, c in results:
        lines.append("| %s | %s | %.3f | %.3f-%.3f | %.1f | %.2f | %.1f | %s |" % (t, n, med, lo, hi, rate, ratio, m, c))
    table = "\n".join(lines)
    print(table)
    big = {(t, n): m for t, n, _, _, _, _, _, m, _ in results}
    if mem:
        scan_lines.append("peak RSS, %s vs %s: " % (os.path.basename(a.small_corpus.rstrip("/")),
                                                  os.path.basename(a.corpus.rstrip("/"))) +
                          "; ".join("%s %s %.1f / %.1f MiB (%+.0f%%)" % (t, n, m, big[(t, n)],
                                                                        100 * (big[(t, n)] / m - 1))
                                    for t, n, m in mem))
    for l in scan_lines:
        print(l)
    by = {(t, n): med for t, n, med, *_ in results}
    for t in ("T2", "T3"):
        for rows in (", defaults", ""):
            j1, j2 = "assay run -j1" + rows, "assay run -j2" + rows
            if (t, j1) in by and (t, "lua") in by:
                print("%s%s: assay -j1 is %.2fx faster than the Lua+lrexlib peer; -j2 is %.2fx faster than -j1"
                      % (t, rows or ", --no-meta --no-text", by[(t, "lua")] / by[(t, j1)], by[(t, j1)] / by[(t, j2)]))
        if (t, "assay run -j1, defaults") in by and (t, "assay run -j1") in by:
            print("%s: the defaults cost %.2fx the --no-meta --no-text run (-j1)"
                  % (t, by[(t, "assay run -j1, defaults")] / by[(t, "assay run -j1")]))
    if ("FUPIN", "assay run scripts/fupin -j2, defaults") in by:
        print("fupin pack, defaults, -j2: %.1f MiB/s" % (mib / by[("FUPIN", "assay run scripts/fupin -j2, defaults")]))
    if a.md:
        with open(a.md, "w") as f:
            f.write(table + "\n" + "".join(l + "\n" for l in scan_lines))
    return 1 if any(r[-1] != "ok" and not r[-1].endswith(" facts") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
