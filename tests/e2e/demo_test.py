#!/usr/bin/python3
"""The README's first command, run as a new user runs it: `scripts/demo` from a clean state,
on a private mail stack of its own (its own directory and free ports, started and stopped by
the demo's own scripts/mailstack, so that it never disturbs the stack other tests share).
Then, against what Dovecot holds (read over IMAP by scripts/mailbox, Python's decoder) and the
demo's database:
  - the registered contact got the numbers (completion, a notice for each of the two
    questions about the business, the acceptance mail) and a neutral answer without them;
  - the stranger got that same neutral answer and no number of any declaration;
  - the which-number asker got the explanation; the contact change an acknowledgement, and it
    waits in `sa-batch queue`;
  - the ISO-2022-JP inquiry went through Postfix as 7bit JIS text and was answered;
  - the demo showed every step as a command, the rejected records as a clerk reads them (not
    JSON), and how to open the search page (the command it prints serves it) and stop the
    stack;
and a second `scripts/demo` tells the same story.

usage: demo_test.py SA_BATCH SOURCE_DIR
"""
import json
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

SA_BATCH, SOURCE = sys.argv[1], sys.argv[2]
SECRETARIAT = "security-action-info@sa-secretariat.example"
TANAKA = "tanaka@yamada-seisakusho.example"
SATO = "sato@sakura-design.example"
SUZUKI = "suzuki@suzuki-koumuten.example"
STRANGER = "info@hojokin-support.example"
NEUTRAL = "【SECURITY ACTION】お問い合わせについて"
NOTICE = "【SECURITY ACTION】自己宣言IDのご案内"
ACCEPTANCE = "【SECURITY ACTION】申込受理のご連絡"
ANY_NUMBER = re.compile(r"(?<![0-9])[49][0-9]{10}(?![0-9])")

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what)


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


work = tempfile.mkdtemp(prefix="sa-demo-test-")
os.chmod(work, 0o755)  # Dovecot's mail processes run as nobody and must reach their Maildirs
smtp, imap, imaps, lmtp = free_ports(4)
ENV = dict(os.environ, SA_MAILSTACK_DIR=os.path.join(work, "mailstack"), SA_SMTP_PORT=str(smtp),
           SA_IMAP_PORT=str(imap), SA_IMAPS_PORT=str(imaps), SA_LMTP_PORT=str(lmtp))
STATE = os.path.join(work, "state")


def demo():
    start = time.time()
    r = subprocess.run([os.path.join(SOURCE, "scripts/demo"), "--no-setup", "--sa-batch", SA_BATCH,
                        "--state", STATE], env=ENV, cwd=work, capture_output=True, text=True)
    print("demo: exit %d in %.1f s" % (r.returncode, time.time() - start))
    if r.returncode != 0:
        print(r.stdout[-4000:])
        print(r.stderr[-4000:])
    return r


def delivered():
    """Waits until the demo's Postfix holds no mail: everything handed to it is in Dovecot."""
    queue = os.path.join(ENV["SA_MAILSTACK_DIR"], "postfix/queue")
    deadline = time.time() + 60
    while time.time() < deadline:
        if not any(files for q in ("maildrop", "incoming", "active", "deferred")
                   for _, _, files in os.walk(os.path.join(queue, q))):
            return
        time.sleep(0.1)
    check(False, "the demo's Postfix did not empty its queue")


def mailbox(user, folder="INBOX"):
    r = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "scripts/mailbox"), "read", user,
                        "--mailbox", folder, "--timeout", "0"], env=ENV, capture_output=True,
                       text=True, check=True)
    return json.loads(r.stdout)


def folders(user):
    r = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "scripts/mailbox"), "folders", user],
                       env=ENV, capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def subjects(mails):
    return sorted(m["subject"] for m in mails)


def commands(out):
    """The commands the demo showed, with the one varying name (done/'s time stamp) made fixed."""
    return [re.sub(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d_", "TIME_", line)
            for line in out.splitlines() if line.startswith("$ ")]


def numbers_of(db, email):
    row = db.execute("SELECT user_number, declaration_id FROM declarations WHERE contact_email = ?",
                     (email,)).fetchone()
    check(row is not None, "a declaration registered for " + email)
    return row or ("-", "-")


def check_story(out):
    shown = commands(out)
    expected = [
        "run", "mailbox show " + TANAKA, "mailbox show " + SATO, "mailbox show " + SUZUKI,
        "check-intake", "mailbox send --charset iso-2022-jp --from '田中 一郎 <%s>'" % TANAKA,
        "mailbox send --charset utf-8 --from '補助金申請サポート <%s>'" % STRANGER,
        "mailbox send --charset utf-8 --from '鈴木 次郎 <%s>'" % SUZUKI,
        "mailbox send --charset utf-8 --from '佐藤 花子 <%s>'" % SATO,
        "mailbox show " + SECRETARIAT, "run", "mailbox show " + TANAKA, "mailbox show " + STRANGER,
        "mailbox show " + SUZUKI, "mailbox show " + SATO, "queue", "lookup --corporate-number",
        "accept-due --set acceptance.review_days=0", "send", "mailbox show " + TANAKA, "search",
        "search --name", "report"]
    check(len(shown) == len(expected), "the demo shows %d commands, not %d" % (len(shown), len(expected)))
    for line, want in zip(shown, expected):
        check(want in line, "'%s' is shown as '%s'" % (want, line))
    # The rejected records by sa-batch itself, as a clerk reads them: not JSON.
    check("(exit 65)" in out, "check-intake's exit 65 is shown")
    check("record 4 (line 5, application_id SA-2026-000104): rejected\n"
          "  法人番号 (corporate_number) 「7000012050003」: " in out, "record 4 and its 法人番号")
    check("  担当者メールアドレス (contact_email) 「takahashi@example」: " in out, "record 4's address")
    check("record 5 (line 6, application_id SA-2026-000105): rejected\n"
          "  基本方針の策定・公開 (basic_policy_published) 「false」: " in out, "record 5")
    check(not any(line.lstrip().startswith("{") for line in out.splitlines()), "no JSON shown")
    check("inbox: 4 message(s): 3 answered, 1 to a person, 0 ignored" in out, "the inbox's count")
    check("accept-due: 3 declaration(s) accepted" in out, "accept-due's count")
    check("contact_change  from " + SATO in out, "the queue shows the contact change")
    check("3 declaration(s)\n" in out, "the search lists three")
    check("declarations:   issued 0, accepted 3" in out, "the report")
    check("intake records: issued 3, duplicate 1, rejected 2" in out, "the report's intake")
    # The way out: the search page and stopping the stack, with this stack's ports.
    check("http://127.0.0.1:8080/" in out, "the search page's address")
    check(re.search(r"SA_SMTP_PORT=%d .*scripts/mailstack stop" % smtp, out), "how to stop the stack")


def check_mailboxes():
    delivered()
    db = sqlite3.connect(os.path.join(STATE, "sa-batch.db"))
    user, decl = numbers_of(db, TANAKA)
    inquiry = {}
    for i in range(1, 5):
        with open(os.path.join(STATE, "mail/%d.eml" % i), "rb") as f:
            raw = f.read()
        inquiry[i] = re.search(rb"^Message-ID: (<[^>]+>)", raw, re.M).group(1).decode()

    # The registered contact: the numbers, each time to them alone, and the neutral answer.
    tanaka = mailbox(TANAKA)
    check(subjects(tanaka) == sorted(["【SECURITY ACTION】一つ星：自己宣言完了のお知らせ", NEUTRAL, NOTICE,
                                      NOTICE, ACCEPTANCE]), "tanaka's mails: %s" % subjects(tanaka))
    for m in tanaka:
        carries = user in m["body"] and decl in m["body"]
        if m["subject"] == NEUTRAL:
            check(not ANY_NUMBER.search(m["body"]) and user not in m["raw"], "the neutral answer has no number")
            check(m["in-reply-to"] == inquiry[1], "the neutral answer replies to tanaka's inquiry")
        elif m["subject"] == ACCEPTANCE:
            check("手続きが完了いたしました。" in m["body"], "the acceptance mail's text")
        else:
            check(carries, "%s carries tanaka's two numbers" % m["subject"])
    tanaka_neutral = [m["body"] for m in tanaka if m["subject"] == NEUTRAL]

    # The stranger: the same answer, no number of anyone.
    stranger = mailbox(STRANGER)
    check(subjects(stranger) == [NEUTRAL], "the stranger's mails: %s" % subjects(stranger))
    for m in stranger:
        check(not ANY_NUMBER.search(m["body"]) and not ANY_NUMBER.search(m["raw"]),
              "the stranger got no number")
        check(m["in-reply-to"] == inquiry[2], "the stranger's answer replies to the question")
        check([m["body"]] == tanaka_neutral, "the stranger's answer is the registered contact's")

    # Which number: the explanation, and no number in it.
    suzuki = mailbox(SUZUKI)
    explanation = [m for m in suzuki if m["subject"] == "【SECURITY ACTION】自己宣言IDと利用者番号について"]
    check(len(suzuki) == 3 and len(explanation) == 1, "suzuki's mails: %s" % subjects(suzuki))
    for m in explanation:
        check("・4から始まる番号:自己宣言ID" in m["body"] and "・9から始まる番号:利用者番号" in m["body"],
              "the explanation names both numbers")
        check(not ANY_NUMBER.search(m["body"]), "the explanation carries no number")
        check(m["in-reply-to"] == inquiry[3], "the explanation replies to the question")

    # The contact change: acknowledged, no number in it.
    sato = mailbox(SATO)
    ack = [m for m in sato if m["subject"] == "【SECURITY ACTION】お問い合わせを受け付けました"]
    check(len(sato) == 3 and len(ack) == 1, "sato's mails: %s" % subjects(sato))
    for m in ack:
        check(not ANY_NUMBER.search(m["body"]), "the acknowledgement carries no number")
    # The rejected applicants got nothing.
    for address in ("takahashi@example", "ito@minato-shoji.example"):
        check(mailbox(address) == [], address + " got no mail")

    # The secretariat's mailbox: every message decided and moved; the ISO-2022-JP inquiry as
    # an older client sent it, through Postfix (Received, Return-Path), 7bit JIS throughout.
    boxes = folders(SECRETARIAT)
    check(boxes.get("INBOX") == 0 and boxes.get("answered") == 3 and boxes.get("needs-person") == 1,
          "the secretariat's folders: %s" % boxes)
    jis = [m for m in mailbox(SECRETARIAT, "answered") if m["message-id"] == inquiry[1]]
    check(len(jis) == 1, "tanaka's inquiry is in answered")
    for m in jis:
        raw = m["raw"]
        check(m["charset"] == "iso-2022-jp" and m["content-transfer-encoding"] == "7bit",
              "the inquiry is ISO-2022-JP, 7bit")
        check("\x1b$B" in raw and "\ufffd" not in raw, "its text is JIS escapes, no 8-bit byte")
        check("=?ISO-2022-JP?B?" in raw, "its subject is an ISO-2022-JP encoded-word")
        check(m["subject"] == "自己宣言IDを教えてください", "its subject decodes")
        check("自己宣言IDを忘れてしまいました。" in m["body"], "its text decodes")
        check(re.search(r"^Return-Path: <%s>" % re.escape(TANAKA), raw, re.M), "it came over SMTP")
        check(re.search(r"^Received: from .{0,200}?by mailstack\.localhost", raw, re.M | re.S), "through Postfix")
    db.close()


def check_serve(out):
    """The command the demo prints serves the public search."""
    lines = out.splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith("# The public search page")]
    check(len(at) == 1, "the demo says how to open the search page")
    if not at:
        return
    argv = shlex.split(lines[at[0] + 1].lstrip("# ")) + ["--set", "serve.port=0"]
    server = subprocess.Popen(argv, cwd=SOURCE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        announced = server.stdout.readline()
        m = re.search(r"serving on (http://[0-9.:]+/)", announced)
        check(m, "serve says where it serves: %r" % announced)
        if m:
            page = urllib.request.urlopen(m.group(1) + "?name=" + urllib.parse.quote("山田"),
                                          timeout=10).read().decode()
            check("株式会社山田製作所" in page, "the page lists the business")
            api = json.loads(urllib.request.urlopen(m.group(1) + "api/search", timeout=10).read())
            check(api["count"] == 3, "the search API lists three: %s" % api)
    finally:
        server.terminate()
        server.wait(timeout=10)


try:
    first = demo()
    check(first.returncode == 0, "the demo exits 0")
    if first.returncode == 0:
        check_story(first.stdout)
        check_mailboxes()
        check_serve(first.stdout)
        # A second run tells the same story: the same commands, the same mail in each mailbox.
        second = demo()
        check(second.returncode == 0, "the demo exits 0 again")
        check(commands(second.stdout) == commands(first.stdout), "the second run shows the same commands")
        if second.returncode == 0:
            check_story(second.stdout)
            check_mailboxes()
finally:
    subprocess.run([os.path.join(SOURCE, "scripts/mailstack"), "stop"], env=ENV, capture_output=True)
    shutil.rmtree(work, ignore_errors=True)

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("demo test: every check passed")
