#!/usr/bin/python3
"""`sa-batch report --html` rendered by headless Chromium: the page shows the numbers of the
database it was made from, and the chart is drawn.

usage: report_page_test.py SA_BATCH SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SA_BATCH, SOURCE = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="sa-report-page-")
try:
    config = os.path.join(work, "sa-batch.ini")
    os.makedirs(os.path.join(work, "spool"))
    with open(config, "w") as f:
        f.write("[database]\npath = %s/sa.db\n[intake]\nspool = %s/spool\nsettle_seconds = 0\n[mail]\ntemplates = %s/mail_templates\n"
                "from = noreply@sa-secretariat.example\n[smtp]\nurl = smtp://127.0.0.1:1\n[log]\nfile = %s/log\n"
                % (work, work, SOURCE, work))
    rows = ["application_id,submitted_at,tier,entity_type,trade_name,representative_name,prefecture,contact_name,"
            "contact_email,pledge_five_principles\n"]
    for i in range(7):
        rows.append("R-%d,2026-11-20T10:00:00+09:00,one_star,sole_proprietor,店%d,代表 %d,東京,担当,s%d@shop.example,1\n"
                    % (i, i, i, i))
    rows.append("R-bad,2026-11-20T10:00:00+09:00,one_star,sole_proprietor,店x,代表 x,東京,担当,broken,1\n")
    with open(os.path.join(work, "spool", "a.csv"), "w") as f:
        f.write("".join(rows))
    run = lambda *a: subprocess.run([SA_BATCH, *a, "--config", config], capture_output=True, text=True, cwd=work)
    assert run("intake").returncode == 0
    sent = run("send")  # the server is down: the first mail is deferred and the batch stops
    assert sent.returncode == 75, sent.stdout + sent.stderr
    ids = subprocess.run(["sqlite3", os.path.join(work, "sa.db"), "SELECT declaration_id FROM declarations LIMIT 2"],
                         capture_output=True, text=True).stdout.split()
    assert run("accept", ids[0]).returncode == 0 and run("accept", ids[1]).returncode == 0
    page = os.path.join(work, "report.html")
    assert run("report", "--html", page).returncode == 0

    dom = subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--no-first-run", "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", "--user-data-dir=" + os.path.join(work, "profile"), "--dump-dom",
                          "file://" + page], capture_output=True, text=True, timeout=120).stdout
    counts = re.search(r'<table id="counts">.*?</tr><tr>(.*?)</tr>', dom, re.S)
    assert counts, dom[:2000]
    values = re.findall(r'<td class="n">(\d+)</td>', counts.group(1))
    # accepted, in review, withdrawn, sent, deferred, failed, unknown, waiting
    assert values == ["2", "5", "0", "0", "1", "0", "0", "0"], values
    assert "<svg" in dom and "申込み (合計 8)" in dom, "no chart"
    rejected = re.search(r'<table id="rejected">(.*?)</table>', dom, re.S).group(1)
    assert "R-bad" in rejected and "contact_email" in rejected, rejected
    screenshot = os.path.join(work, "report.png")
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + os.path.join(work, "profile"), "--screenshot=" + screenshot,
                    "--window-size=1000,800", "file://" + page], capture_output=True, timeout=120)
    assert os.path.getsize(screenshot) > 10000, "the page did not render"
    print("report page: Chromium shows", values)
finally:
    shutil.rmtree(work, ignore_errors=True)
