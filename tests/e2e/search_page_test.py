#!/usr/bin/python3
"""The public search page in headless Chromium, driven through chromedriver's W3C WebDriver
protocol (plain HTTP + JSON): a subsidy officer types a name and sees the accepted business,
and never one still in review, nor any secret field.

usage: search_page_test.py SA_BATCH_BINARY SOURCE_DIR
"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SA_BATCH, SOURCE = sys.argv[1], sys.argv[2]

HEADER = ("application_id,submitted_at,tier,entity_type,corporate_number,business_name,trade_name,"
          "representative_name,prefecture,contact_name,contact_email,pledge_five_principles\n")
ROWS = [
    "P-1,2026-11-01T10:00:00+09:00,one_star,corporation,7000012050002,株式会社ヤマダワークス,,,東京,田中 一郎,"
    "tanaka@yamada-works.example,1\n",
    "P-2,2026-11-02T10:00:00+09:00,one_star,sole_proprietor,,,やまだ商店,山田 花子,大阪,山田 花子,"
    "hanako@yamada-shop.example,1\n",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args):
    r = subprocess.run([SA_BATCH, *args, "--config", CONFIG], capture_output=True, text=True, cwd=WORK)
    if r.returncode != 0:
        raise SystemExit("sa-batch %s failed (%d): %s%s" % (args[0], r.returncode, r.stdout, r.stderr))
    return r.stdout


def webdriver(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (DRIVER_PORT, path), data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]


def wait_until(check, what, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = check()
        except (OSError, urllib.error.URLError):  # not listening yet
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit("timed out waiting for " + what)


WORK = tempfile.mkdtemp(prefix="sa-search-page-")
CONFIG = os.path.join(WORK, "sa-batch.ini")
processes = []
try:
    os.makedirs(os.path.join(WORK, "spool"))
    with open(CONFIG, "w") as f:
        f.write("[database]\npath = %s/sa.db\n[intake]\nspool = %s/spool\nsettle_seconds = 0\n"
                "[mail]\ntemplates = %s/mail_templates\nfrom = noreply@sa-secretariat.example\n"
                "[log]\nfile = %s/sa-batch.log\n" % (WORK, WORK, SOURCE, WORK))
    with open(os.path.join(WORK, "spool", "a.csv"), "w") as f:
        f.write(HEADER + "".join(ROWS))
    run("intake")
    db = sqlite3.connect(os.path.join(WORK, "sa.db"))
    rows = dict(db.execute("SELECT application_id, declaration_id FROM declarations"))
    secrets = [r[0] for r in db.execute("SELECT user_number FROM declarations")]
    run("accept", rows["P-1"])  # the second stays in review

    serve_port = free_port()
    server = subprocess.Popen([SA_BATCH, "serve", "--config", CONFIG, "--set", "serve.port=%d" % serve_port],
                              stdout=subprocess.PIPE, text=True, cwd=WORK)
    processes.append(server)
    assert server.stdout.readline().startswith("serving on http://127.0.0.1:%d/" % serve_port)

    DRIVER_PORT = free_port()
    driver = subprocess.Popen(["/usr/bin/chromedriver", "--port=%d" % DRIVER_PORT],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(driver)
    wait_until(lambda: webdriver("GET", "/status").get("ready"), "chromedriver")
    profile = os.path.join(WORK, "chromium-profile")
    session = webdriver("POST", "/session", {"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile]}}}})["sessionId"]
    s = "/session/" + session
    try:
        webdriver("POST", s + "/url", {"url": "http://127.0.0.1:%d/" % serve_port})

        def element(css):
            found = webdriver("POST", s + "/element", {"using": "css selector", "value": css})
            return s + "/element/" + list(found.values())[0]

        # Type a name in hiragana; the accepted business is written in katakana.
        webdriver("POST", element("#name") + "/value", {"text": "やまだ"})
        webdriver("POST", element("#search") + "/click", {})
        status = wait_until(lambda: "件" in webdriver("GET", element("#status") + "/text") and
                            webdriver("GET", element("#status") + "/text"), "the results")
        results = webdriver("GET", element("#results tbody") + "/text")
        page = webdriver("GET", s + "/source")
        assert status == "1 件", status
        assert "株式会社ヤマダワークス" in results, results
        assert rows["P-1"] in results, results
        assert "やまだ商店" not in results and rows["P-2"] not in page, results
        for secret in secrets + ["tanaka@yamada-works.example", "田中 一郎"]:
            assert secret not in page, "secret on the page: " + secret
        url = webdriver("GET", s + "/url")
        assert "name=" in url, url  # the search is in the address, so it can be shared
        print("search page: typed やまだ, saw %r" % results)
    finally:
        webdriver("DELETE", s)
finally:
    for p in processes:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    shutil.rmtree(WORK, ignore_errors=True)
