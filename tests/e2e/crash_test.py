#!/usr/bin/python3
"""Crash safety of `sa-batch run`, proven by killing it.

Drops 2,100 intake records (CSV and JSON Lines, with broken rows, re-exported rows and second
applications) and 100 inbound messages into a private spool and the secretariat mailbox, then
starts `sa-batch run` again and again and SIGKILLs it at random moments (at least --kills
times) until a run finishes on its own. Then it checks, against the database and the Maildir
files Dovecot wrote:
  - every record accounted for exactly once (issued, duplicate or rejected);
  - no duplicate or reused ID;
  - every mail delivered at least once, and no more extra copies than there were kills; a
    mail whose handover two kills in a row cut short is *unknown* (src/outbox/send_job.h), at
    most one such mail for two kills in `send`, with at most two copies;
  - no inbound message decided twice, no answer queued twice;
  - every mail carrying numbers addressed to its declaration's registered contact;
  - PRAGMA integrity_check passes.

usage: crash_test.py SA_BATCH SOURCE_DIR [--kills N] [--records N] [--seed N]
"""
import argparse
import collections
import email.parser
import glob
import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("sa_batch")
p.add_argument("source")
p.add_argument("--kills", type=int, default=50)
p.add_argument("--records", type=int, default=2000)
p.add_argument("--seed", type=int, default=int(time.time()))
p.add_argument("--verbose", action="store_true")
args = p.parse_args()
rng = random.Random(args.seed)
print("crash test: seed %d, %d kills, %d records" % (args.seed, args.kills, args.records))

STACK = os.environ.get("SA_MAILSTACK_DIR", "/tmp/sa-batch-mailstack")
IMAP_PORT = os.environ.get("SA_IMAP_PORT", "1143")
SMTP_PORT = os.environ.get("SA_SMTP_PORT", "2525")
RUN_ID = "%d%d" % (os.getpid(), int(time.time()) % 100000)
DOMAIN = "crash%s.example" % RUN_ID
SECRETARIAT = "secretariat%s@sa-secretariat.example" % RUN_ID
PREFECTURES = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
               "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県"]
HEADER = ("application_id,submitted_at,tier,entity_type,trade_name,representative_name,prefecture,"
          "contact_name,contact_email,pledge_five_principles\n")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def record(i, app_id=None, email=None):
    return "%s,2026-11-20T10:00:00+09:00,one_star,sole_proprietor,クラッシュ商店%d,代表 %d,%s,担当 %d,%s,はい\n" % (
        app_id or "K-%d" % i, i, i, PREFECTURES[i % len(PREFECTURES)], i, email or "c%d@%s" % (i, DOMAIN))


work = tempfile.mkdtemp(prefix="sa-crash-")
config = os.path.join(work, "sa-batch.ini")
spool = os.path.join(work, "spool")
os.makedirs(spool)
with open(os.path.join(work, "imap-password"), "w") as f:
    f.write(os.environ.get("SA_MAIL_PASSWORD", "Mailstack-7Qp2") + "\n")
os.chmod(os.path.join(work, "imap-password"), 0o600)
with open(config, "w") as f:
    f.write("[database]\npath = %s/sa.db\n[intake]\nspool = %s\nsettle_seconds = 0\ncommit_every = 100\n"
            "[smtp]\nurl = smtp://127.0.0.1:%s\ntls = none\n"
            "[imap]\nurl = imap://127.0.0.1:%s/INBOX\nusername = %s\npassword_file = %s/imap-password\n"
            "ca_file = %s/tls/ca.pem\n"
            "[inbox]\nmax_answers_per_sender_per_day = 100\nmax_id_answers_per_business_per_day = 100\n"
            "[mail]\nfrom = noreply@sa-secretariat.example\nreply_to = security-action-info@sa-secretariat.example\n"
            "templates = %s/mail_templates\n[log]\nfile = %s/sa-batch.log\n"
            % (work, spool, SMTP_PORT, IMAP_PORT, SECRETARIAT, work, STACK, args.source, work))

# --- the work, in waves: an intake file and ten inbound messages each ----------------------
WAVES = 10
expected = collections.Counter()
waves = []
per_wave = args.records // WAVES
total = 0
corpus = sorted(glob.glob(os.path.join(args.source, "tests/data/inbound/*.eml")))
messages = []
for w in range(WAVES):
    rows = []
    first = w * per_wave
    for i in range(first, first + per_wave):
        if i % 40 == 7:
            rows.append(record(i, email="not-an-address"))  # rejected: contact_email
            expected["rejected"] += 1
        else:
            rows.append(record(i))
            expected["issued"] += 1
    # The same application exported again, and a second application of a declared business.
    rows.append(record(first + 1))
    rows.append(record(first + 2, app_id="K-again-%d" % w, email="other%d@%s" % (w, DOMAIN)))
    expected["duplicate"] += 2
    if w == WAVES - 1:  # the last wave comes as JSON Lines
        name = "form-%d.jsonl" % w
        content = ""
        for i in range(args.records, args.records + 100):
            content += json.dumps({"application_id": "J-%d" % i, "submitted_at": "2026-11-20T10:00:00+09:00",
                                   "tier": "一つ星", "entity_type": "個人事業主", "trade_name": "クラッシュ商店%d" % i,
                                   "representative_name": "代表 %d" % i, "prefecture": PREFECTURES[i % 20],
                                   "contact_name": "担当", "contact_email": "c%d@%s" % (i, DOMAIN),
                                   "pledge_five_principles": True}, ensure_ascii=False) + "\n"
            expected["issued"] += 1
        files = [(name, content, 100), ("export-%d.csv" % w, HEADER + "".join(rows), len(rows))]
    else:
        files = [("export-%d.csv" % w, HEADER + "".join(rows), len(rows))]
    total += sum(f[2] for f in files)
    # Six messages from the corpus and four registered contacts asking for their IDs.
    raws = [open(path, "rb").read() for path in corpus[w * 6:(w + 1) * 6]]
    for j in range(4):
        i = first + 10 * j
        raws.append(("From: <c%d@%s>\r\nTo: %s\r\nSubject: ID\r\nMessage-ID: <ask%d.%s@%s>\r\n"
                     "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: 8bit\r\n\r\n自己宣言IDを忘れてしまいました。教えてください。\r\n"
                     % (i, DOMAIN, SECRETARIAT, i, RUN_ID, DOMAIN)).encode())
    messages += raws
    waves.append((files, raws))
print("crash test: %d records in %d files, %d inbound messages, in %d waves" %
      (total, sum(len(f) for f, _ in waves), len(messages), WAVES))


def arrive(files, raws):
    for name, content, _ in files:
        tmp = os.path.join(spool, "." + name)  # written under a hidden name, then renamed
        with open(tmp, "w") as f:
            f.write(content)
        os.rename(tmp, os.path.join(spool, name))
    paths = []
    for i, raw in enumerate(raws):
        path = os.path.join(work, "in-%d.eml" % i)
        with open(path, "wb") as f:
            f.write(raw)
        paths.append(path)
    subprocess.run(["/usr/bin/python3", os.path.join(args.source, "scripts/mailbox"), "append", SECRETARIAT] + paths,
                   check=True)


# --- kill, again and again --------------------------------------------------------------------
def phase_of(pid):
    steps = ["intake", "send", "inbox", "accept-due", "send"]
    done = 0
    if not os.path.exists(os.path.join(work, "sa-batch.log")):
        return "start-up"
    with open(os.path.join(work, "sa-batch.log"), errors="replace") as log:
        for line in log:
            if "[%d] sa: " % pid not in line:
                continue
            text = line.split("[%d] sa: " % pid, 1)[1]
            for step in steps[done:]:
                if text.startswith(step + ":") and (" file(s) read" in text or " sent, " in text or
                                                    " message(s): " in text or " accepted;" in text):
                    done += 1
                    break
    return steps[done] if done < len(steps) else "done"


class Run:
    """A `sa-batch run` whose progress lines are read as they come, with their times."""

    def __init__(self):
        self.start = time.time()
        self.proc = subprocess.Popen([args.sa_batch, "run", "--config", config], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=work, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put((time.time() - self.start, line))
        self.lines.put(None)

    def wait_for(self, prefix, timeout=60):
        """Waits for the progress line starting with `prefix`; False when the run ended first."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                item = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if item is None:
                return False
            if item[1].startswith(prefix):
                return True
        return False

    def finish(self):
        """Lets the run end; returns how long each step took."""
        marks = {}
        while True:
            item = self.lines.get(timeout=600)
            if item is None:
                break
            step = item[1].split(":", 1)[0].split(" ")[0]
            marks.setdefault(step, item[0])
        self.proc.wait()
        if self.proc.returncode != 0:
            fail("a run exited %d: %s" % (self.proc.returncode, self.proc.stderr.read()))
        return marks


kills = 0
phases = collections.Counter()
started = time.time()
timing = {"intake": 0.05, "send": 0.6, "inbox": 0.3}  # seconds each step took in the last full run
for w, (files, raws) in enumerate(waves):
    arrive(files, raws)
    for k in range(args.kills // WAVES + (1 if w < args.kills % WAVES else 0)):
        target = ["intake", "send", "inbox"][(w + k) % 3]
        run = Run()
        # Wait for the step before the target to finish, then a random part of the target's time.
        if target == "send" and not run.wait_for("intake:"):
            run.finish()
            continue
        if target == "inbox" and not run.wait_for("send:"):
            run.finish()
            continue
        time.sleep(rng.uniform(0.0, max(0.01, timing[target])))
        run.proc.send_signal(signal.SIGKILL)
        run.proc.wait()
        kills += 1
        phase = phase_of(run.proc.pid)
        phases[phase] += 1
        if args.verbose:
            print("wave %d: kill %d aimed at %s landed in %s (%.1f s so far)" % (w, kills, target, phase,
                                                                               time.time() - started))
    marks = Run().finish()  # the wave's work completes
    if "intake" in marks and "send" in marks and "inbox" in marks:
        timing = {"intake": marks["intake"], "send": marks["send"] - marks["intake"],
                  "inbox": marks["inbox"] - marks["send"]}
print("crash test: %d kills in %.0f s, by the step they landed in: %s" % (kills, time.time() - started, dict(phases)))

# A last run must find nothing left to do.
final = subprocess.run([args.sa_batch, "run", "--config", config], capture_output=True, text=True, cwd=work)
if final.returncode != 0 or "0 issued" not in final.stdout or "inbox: 0 message(s)" not in final.stdout:
    fail("the last run still had work: " + final.stdout + final.stderr)

db = sqlite3.connect(os.path.join(work, "sa.db"))
q = lambda sql, params=(): db.execute(sql, params).fetchall()
if q("PRAGMA integrity_check") != [("ok",)]:
    fail("integrity_check: %r" % q("PRAGMA integrity_check"))

# Every record exactly once.
outcomes = dict(q("SELECT outcome, COUNT(*) FROM intake_records GROUP BY outcome"))
if sum(outcomes.values()) != total or q("SELECT COUNT(*) FROM (SELECT DISTINCT file_id, record_no FROM intake_records)")[0][0] != total:
    fail("records: %d read as %r" % (total, outcomes))
if outcomes != dict(expected):
    fail("outcomes %r, expected %r" % (outcomes, dict(expected)))
if os.listdir(spool) != ["done"] or q("SELECT COUNT(*) FROM intake_files WHERE complete = 0")[0][0] != 0:
    fail("files left in the spool: %r" % os.listdir(spool))

# No duplicate or reused ID.
declarations = q("SELECT COUNT(*), COUNT(DISTINCT declaration_id), COUNT(DISTINCT user_number) FROM declarations")[0]
issued = q("SELECT COUNT(*) FROM issued_numbers")[0][0]
if declarations[0] != expected["issued"] or len(set(declarations)) != 1 or issued != 2 * declarations[0]:
    fail("IDs: %r declarations/distinct IDs/distinct user numbers, %d numbers issued" % (declarations, issued))

# Every inbound message decided once; every answer queued once.
decided = q("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM inbound_messages")[0]
if decided != (len(messages), len(messages)):
    fail("inbound decided %r times for %d messages" % (decided, len(messages)))
twice = q("SELECT inbound_id, kind, COUNT(*) FROM outbox WHERE inbound_id IS NOT NULL GROUP BY inbound_id, kind "
          "HAVING COUNT(*) > 1")
if twice:
    fail("answers queued twice: %r" % twice)
folders = subprocess.run(["/usr/bin/python3", os.path.join(args.source, "scripts/mailbox"), "folders", SECRETARIAT],
                         capture_output=True, text=True, check=True)
counts = json.loads(folders.stdout)
if counts.get("INBOX") != 0 or sum(counts.values()) != len(messages):
    fail("mailbox folders: %r" % counts)

# Numbers only ever to the registered contact.
wrong = q("SELECT o.id, o.kind, o.recipient, d.contact_email FROM outbox o JOIN declarations d ON d.id = o.declaration_id "
          "WHERE o.kind IN ('completion', 'duplicate_notice', 'duplicate_other_notice', 'contact_notice') "
          "AND lower(o.recipient) <> lower(d.contact_email)")
if wrong:
    fail("numbers to someone else: %r" % wrong)

# Delivered: every mail at least once, extra copies at most one per kill. A mail handed over
# twice without its outcome recorded (two kills in a row during its handover) is unknown, for
# staff, and not sent a third time.
states = dict(q("SELECT state, COUNT(*) FROM outbox GROUP BY state"))
if not set(states) <= {"sent", "unknown"}:
    fail("outbox states %r" % states)
unknown = {row[0] for row in q("SELECT message_id FROM outbox WHERE state = 'unknown' AND "
                                "last_error LIKE 'handed over 2 times in a row without its outcome recorded%'")}
if len(unknown) != states.get("unknown", 0) or len(unknown) > phases["send"] // 2:
    fail("%d unknown mails for %d kills in send: %r" % (states.get("unknown", 0), phases["send"],
                                                         q("SELECT id, kind, last_error FROM outbox WHERE state = 'unknown'")))
ids = {row[0] for row in q("SELECT message_id FROM outbox")}
queue_dirs = [os.path.join(STACK, "postfix/queue", d) for d in ("incoming", "active", "deferred", "maildrop")]
deadline = time.time() + 120
while time.time() < deadline and any(files for d in queue_dirs for _, _, files in os.walk(d)):
    time.sleep(0.5)


def delivered_copies():
    """Message-ID → copies in the mailboxes of this run's recipients. Dovecot may rename a file
    between listing and opening (new/ → cur/, another test reading its own mail): then the
    listing starts over."""
    parser = email.parser.BytesHeaderParser()
    recipients = {r[0].lower() for r in q("SELECT DISTINCT recipient FROM outbox")}
    # (Dovecot delivers "user+tag@domain" to user's mailbox: its recipient_delimiter is "+")
    boxes = {os.path.join(STACK, "mail", r.split("@")[1], r.split("@")[0].split("+")[0], "Maildir")
             for r in recipients}
    while True:
        copies = collections.Counter()
        try:
            for path in (p for box in boxes for p in glob.glob(os.path.join(box, "*/*"))):
                with open(path, "rb") as f:
                    mid = (parser.parse(f).get("Message-ID") or "").strip().strip("<>")
                if mid in ids:
                    copies[mid] += 1
            return copies
        except FileNotFoundError:
            time.sleep(0.1)


copies = delivered_copies()
missing = [m for m in ids if copies[m] == 0 and m not in unknown]
if any(copies[m] > 2 for m in unknown):
    fail("an unknown mail arrived more than twice")
extra = sum(c - 1 for c in copies.values())
if missing:
    fail("%d mails never arrived, e.g. %r" % (len(missing), q("SELECT message_id, kind, recipient FROM outbox "
                                                              "WHERE message_id = ?", (missing[0],))))
if extra > kills:
    fail("%d extra copies for %d kills" % (extra, kills))
print("crash test: %d records (%r), %d declarations, %d mails delivered (%d extra copies for %d kills; %d unknown "
      "after two kills in their handover), %d inbound messages decided once, integrity ok"
      % (total, outcomes, declarations[0], sum(1 for m in ids if copies[m]), extra, kills, len(unknown),
         len(messages)))
shutil.rmtree(work, ignore_errors=True)
