#!/usr/bin/python3
"""sa-batch's benchmarks, each beside a reference measured in the same run on the same machine.

1. Outbound: N intake records → `sa-batch intake` + `send` → Postfix's smtp-sink. References:
   Postfix's `smtp-source -d` (N messages of the same size over one connection) and a plain
   Python smtplib loop sending N prebuilt messages.
2. Inbound: N mixed mails (the inbound corpora, each copy with its own Message-ID) APPENDed to
   Dovecot → `sa-batch inbox` → decided and moved. Reference: `mbsync` pulling the mailbox.
3. The register at 1,000,000 declarations: lookup by 法人番号 and search by name, per call.
4. Scaling: time and peak memory at 10k vs 100k records.

Prints one table and writes it, with every figure, to OUT/results.json.

usage: bench.py --build BUILD_DIR --source SOURCE_DIR [--sizes 1000,10000,100000]
                [--inbound 1000] [--register 1000000] [--out DIR]
"""
import argparse
import glob
import imaplib
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

p = argparse.ArgumentParser()
p.add_argument("--build", required=True)
p.add_argument("--source", required=True)
p.add_argument("--sizes", default="1000,10000,100000")
p.add_argument("--inbound", type=int, default=1000)
p.add_argument("--register", type=int, default=1000000)
p.add_argument("--out", default=None)
args = p.parse_args()
args.build = os.path.abspath(args.build)
args.source = os.path.abspath(args.source)
SA_BATCH = os.path.join(args.build, "sa-batch")
OUT = os.path.abspath(args.out or os.path.join(args.build, "bench"))
os.makedirs(OUT, exist_ok=True)
IMAP_PORT = int(os.environ.get("SA_IMAP_PORT", "1143"))
PASSWORD = os.environ.get("SA_MAIL_PASSWORD", "Mailstack-7Qp2")
PY = "/usr/bin/python3"
results = {"machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "date": time.strftime("%Y-%m-%d %H:%M")}}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(argv, cwd=None):
    """Runs argv to completion; returns (seconds, peak RSS MiB, stdout). Fails loudly."""
    start = time.time()
    pid = os.fork()
    if pid == 0:
        if cwd:
            os.chdir(cwd)
        fd = os.open(os.path.join(OUT, "last-command.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.time() - start
    output = open(os.path.join(OUT, "last-command.log"), errors="replace").read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed:\n%s" % (" ".join(argv), output))
    return seconds, usage.ru_maxrss / 1024.0, output


def config(work, extra=""):
    path = os.path.join(work, "sa-batch.ini")
    with open(path, "w") as f:
        f.write("[database]\npath = %s/sa.db\n[intake]\nspool = %s/spool\nsettle_seconds = 0\n"
                "[mail]\nfrom = noreply@sa-secretariat.example\nreply_to = security-action-info@sa-secretariat.example\n"
                "templates = %s/mail_templates\n[log]\nfile = %s/sa-batch.log\n%s" % (work, work, args.source, work, extra))
    return path


# --- 1. outbound --------------------------------------------------------------------------
def outbound(n):
    work = tempfile.mkdtemp(prefix="sa-bench-out-")
    os.makedirs(os.path.join(work, "spool"))
    port = free_port()
    sink = subprocess.Popen(["smtp-sink"] + (["-u", "nobody"] if os.getuid() == 0 else []) +
                            ["127.0.0.1:%d" % port, "1024"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    try:
        with open(os.path.join(work, "spool", "export.csv"), "w") as f:
            f.write("application_id,submitted_at,tier,entity_type,trade_name,representative_name,prefecture,"
                    "contact_name,contact_email,pledge_five_principles\n")
            for i in range(n):
                f.write("B-%d,2026-11-20T10:00:00+09:00,one_star,sole_proprietor,ベンチ商店%d,代表 %d,東京都,担当 %d,"
                        "b%d@bench.example,1\n" % (i, i, i, i, i))
        cfg = config(work, "[smtp]\nurl = smtp://127.0.0.1:%d\ntls = none\n" % port)
        intake_s, intake_rss, _ = run_measured([SA_BATCH, "intake", "--config", cfg], cwd=work)
        send_s, send_rss, out = run_measured([SA_BATCH, "send", "--config", cfg], cwd=work)
        assert "%d sent" % n in out, out
        db = sqlite3.connect(os.path.join(work, "sa.db"))
        size = int(db.execute("SELECT avg(length(bytes)) FROM outbox_bytes").fetchone()[0])
        sample = [bytes(r[0]) for r in db.execute("SELECT bytes FROM outbox_bytes LIMIT 1000")]
        db.close()
        source_s, _, _ = run_measured(["/usr/sbin/smtp-source", "-d", "-m", str(n), "-l", str(size), "-f",
                                       "noreply@sa-secretariat.example", "-t", "b@bench.example",
                                       "127.0.0.1:%d" % port])
        prebuilt = os.path.join(work, "prebuilt")
        os.makedirs(prebuilt)
        for i, m in enumerate(sample):
            with open(os.path.join(prebuilt, "%04d.eml" % i), "wb") as f:
                f.write(m)
        loop = os.path.join(work, "loop.py")
        with open(loop, "w") as f:
            f.write("import glob, smtplib, sys\n"
                    "msgs = [open(p, 'rb').read() for p in sorted(glob.glob(sys.argv[1] + '/*.eml'))]\n"
                    "s = smtplib.SMTP('127.0.0.1', int(sys.argv[2]))\n"
                    "for i in range(int(sys.argv[3])):\n"
                    "    s.sendmail('noreply@sa-secretariat.example', ['b@bench.example'], msgs[i % len(msgs)])\n"
                    "s.quit()\n")
        python_s, _, _ = run_measured([PY, loop, prebuilt, str(port), str(n)])
        return {"records": n, "intake_s": intake_s, "intake_rss_mib": intake_rss, "send_s": send_s,
                "send_rss_mib": send_rss, "mails_per_s": n / send_s, "message_bytes": size,
                "smtp_source_s": source_s, "python_loop_s": python_s,
                "send_vs_smtp_source": send_s / source_s, "python_vs_send": python_s / send_s}
    finally:
        sink.terminate()
        sink.wait()
        shutil.rmtree(work, ignore_errors=True)


# --- 2. inbound ---------------------------------------------------------------------------
def inbound(n):
    work = tempfile.mkdtemp(prefix="sa-bench-in-")
    user = "bench%d@sa-secretariat.example" % (os.getpid() * 1000 + random.randrange(1000))
    corpus = sorted(glob.glob(os.path.join(args.source, "tests/data/inbound/*.eml")) +
                    glob.glob(os.path.join(args.source, "tests/data/inbound-holdout/*.eml")))
    raws = [open(path, "rb").read() for path in corpus]
    c = imaplib.IMAP4("127.0.0.1", IMAP_PORT)
    c.login(user, PASSWORD)
    for i in range(n):
        raw = raws[i % len(raws)]
        unique = b"Message-ID: <bench.%d.%d@bench.example>\r\n" % (i, os.getpid())
        raw = re.sub(rb"(?im)^Message-ID:[^\r\n]*\r?\n", b"", raw, count=1)
        c.append("INBOX", None, None, unique + raw)
    c.logout()
    try:
        maildir = os.path.join(work, "maildir")
        os.makedirs(maildir)
        rc = os.path.join(work, "mbsyncrc")
        with open(rc, "w") as f:
            f.write("IMAPAccount bench\nHost 127.0.0.1\nPort %d\nUser %s\nPass %s\nSSLType None\nAuthMechs LOGIN\n\n"
                    "IMAPStore remote\nAccount bench\n\nMaildirStore local\nPath %s/\nInbox %s/INBOX\n\n"
                    "Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nSync Pull\nCreate Near\nExpunge None\n"
                    "SyncState *\n" % (IMAP_PORT, user, PASSWORD, maildir, maildir))
        mbsync_s, _, _ = run_measured(["/usr/bin/mbsync", "-q", "-c", rc, "-a"])
        pulled = len(glob.glob(os.path.join(maildir, "INBOX", "*", "*")))
        assert pulled == n, "mbsync pulled %d of %d" % (pulled, n)
        with open(os.path.join(work, "pw"), "w") as f:
            f.write(PASSWORD + "\n")
        os.chmod(os.path.join(work, "pw"), 0o600)
        os.makedirs(os.path.join(work, "spool"))
        # In the clear, as mbsync reads it (SSLType None): the same protocol work on both sides.
        cfg = config(work, "[imap]\nurl = imap://127.0.0.1:%d/INBOX\nusername = %s\npassword_file = %s/pw\n"
                           "tls = none\n[inbox]\nmax_answers_per_sender_per_day = 1000000\n" % (IMAP_PORT, user, work))
        inbox_s, inbox_rss, out = run_measured([SA_BATCH, "inbox", "--config", cfg], cwd=work)
        assert "inbox: %d message(s)" % n in out, out
        return {"messages": n, "inbox_s": inbox_s, "inbox_rss_mib": inbox_rss, "mbsync_s": mbsync_s,
                "messages_per_s": n / inbox_s, "inbox_vs_mbsync": inbox_s / mbsync_s}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- 3. the register ----------------------------------------------------------------------
def register(n):
    work = tempfile.mkdtemp(prefix="sa-bench-reg-")
    try:
        db = os.path.join(work, "sa.db")
        _, _, out = run_measured([os.path.join(args.build, "tests", "bench_register"), db, str(n), "7"])
        r = json.loads(out.strip().splitlines()[-1])
        # The same lookup as a staff member types it: a whole process each time.
        numbers = [row[0] for row in sqlite3.connect(db).execute(
            "SELECT corporate_number FROM declarations ORDER BY random() LIMIT 50")]
        cfg = config(work)
        times = []
        for number in numbers:
            s, _, out = run_measured([SA_BATCH, "lookup", "--corporate-number", number, "--config", cfg], cwd=work)
            assert "declaration ID" in out
            times.append(s * 1000)
        times.sort()
        r["cli_lookup_p50_ms"] = times[len(times) // 2]
        r["cli_lookup_p99_ms"] = times[int(len(times) * 0.99)]
        return r
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- 4. the reading of inbound mail, per message in one warm process ----------------------
def classify():
    corpora = [os.path.join(args.source, "tests", "data", d)
               for d in ("inbound", "inbound-holdout", "inbound-blind")]
    _, _, out = run_measured([os.path.join(args.build, "tests", "bench_classify")] + corpora)
    return json.loads(out.strip().splitlines()[-1])


sizes = [int(s) for s in args.sizes.split(",")]
results["outbound"] = []
for n in sizes:
    print("bench: outbound %d ..." % n, flush=True)
    results["outbound"].append(outbound(n))
print("bench: inbound %d ..." % args.inbound, flush=True)
results["inbound"] = inbound(args.inbound)
print("bench: register %d ..." % args.register, flush=True)
results["register"] = register(args.register)
print("bench: classify ...", flush=True)
results["classify"] = classify()
by_n = {r["records"]: r for r in results["outbound"]}
if 10000 in by_n and 100000 in by_n:
    small, big = by_n[10000], by_n[100000]
    results["scaling"] = {"intake_rss_ratio": big["intake_rss_mib"] / small["intake_rss_mib"],
                          "send_rss_ratio": big["send_rss_mib"] / small["send_rss_mib"],
                          "intake_time_per_record_ratio": (big["intake_s"] / 100000) / (small["intake_s"] / 10000),
                          "send_time_per_mail_ratio": (big["send_s"] / 100000) / (small["send_s"] / 10000)}

lines = ["| benchmark | sa-batch | reference | ratio | target |", "|---|---|---|---|---|"]
for r in results["outbound"]:
    lines.append("| outbound %dk: send | %.2f s (%.0f mails/s) | smtp-source -d %.2f s | %.2f× | within 1.5× (10k) |"
                 % (r["records"] // 1000, r["send_s"], r["mails_per_s"], r["smtp_source_s"], r["send_vs_smtp_source"]))
    lines.append("| outbound %dk: send | %.2f s | Python smtplib loop %.2f s | Python takes %.2f× as long | ≥ 8× (10k) |"
                 % (r["records"] // 1000, r["send_s"], r["python_loop_s"], r["python_vs_send"]))
    lines.append("| outbound %dk: intake | %.2f s, peak RSS %.1f MiB (send %.1f MiB) | | | |"
                 % (r["records"] // 1000, r["intake_s"], r["intake_rss_mib"], r["send_rss_mib"]))
i = results["inbound"]
lines.append("| inbound %d mails | %.2f s (%.0f/s), peak RSS %.1f MiB | mbsync %.2f s | %.2f× | within 2× |"
             % (i["messages"], i["inbox_s"], i["messages_per_s"], i["inbox_rss_mib"], i["mbsync_s"], i["inbox_vs_mbsync"]))
g = results["register"]
lines.append("| lookup by 法人番号 at %dk | p50 %.3f ms, p99 %.3f ms (whole command: p50 %.1f ms, p99 %.1f ms) | | | p99 < 5 ms |"
             % (g["declarations"] // 1000, g["lookup_p50_ms"], g["lookup_p99_ms"], g["cli_lookup_p50_ms"], g["cli_lookup_p99_ms"]))
lines.append("| search by name at %dk | p50 %.2f ms, p99 %.2f ms; database %.0f MiB | | | |"
             % (g["declarations"] // 1000, g["search_p50_ms"], g["search_p99_ms"], g["db_bytes"] / 2**20))
c = results["classify"]
lines.append("| classify, %d messages | p50 %.2f ms, p90 %.2f ms, p99 %.2f ms per message | | | ≤ 2 ms median |"
             % (c["messages"], c["p50_ms"], c["p90_ms"], c["p99_ms"]))
if "scaling" in results:
    s = results["scaling"]
    lines.append("| scaling 10k → 100k | peak RSS ×%.2f (intake), ×%.2f (send); time per record ×%.2f, per mail ×%.2f | | | RSS within 10%% |"
                 % (s["intake_rss_ratio"], s["send_rss_ratio"], s["intake_time_per_record_ratio"], s["send_time_per_mail_ratio"]))
table = "\n".join(lines)
results["table"] = table
with open(os.path.join(OUT, "results.json"), "w") as f:
    json.dump(results, f, indent=2, ensure_ascii=False)
print("\n" + table + "\n\n(%d CPUs, %s; all figures in %s/results.json)" % (os.cpu_count(), results["machine"]["date"], OUT))
