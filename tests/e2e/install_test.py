#!/usr/bin/python3
"""`cmake --install` into a temporary prefix: every file in its place, the units and the cron
file naming the installed program and configuration, the units' hardening in place, and the
installed program checking the installed configuration.

usage: install_test.py BUILD_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

build = sys.argv[1]
prefix = tempfile.mkdtemp(prefix="sa-install-")
try:
    subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True, capture_output=True)
    expect = ["bin/sa-batch", "etc/sa-batch/sa-batch.ini", "share/sa-batch/sa-batch.ini.example",
              "share/sa-batch/cron/sa-batch", "share/doc/sa-batch/README.md"]
    expect += ["share/sa-batch/mail_templates/%s.txt" % t for t in
               ("completion", "acceptance", "duplicate_notice", "contact_notice",
                "answer_neutral", "answer_which_number", "acknowledgement",
                "duplicate_other_notice", "contact_changed_new", "contact_changed_old")]
    for unit in ("run", "accept-due", "digest"):
        expect += ["lib/systemd/system/sa-batch-%s.service" % unit, "lib/systemd/system/sa-batch-%s.timer" % unit]
    expect.append("lib/systemd/system/sa-batch-serve.service")
    missing = [f for f in expect if not os.path.isfile(os.path.join(prefix, f))]
    assert not missing, "not installed: %r" % missing
    assert os.access(os.path.join(prefix, "bin/sa-batch"), os.X_OK)

    program, config = os.path.join(prefix, "bin/sa-batch"), os.path.join(prefix, "etc/sa-batch/sa-batch.ini")
    for unit in ("run", "accept-due", "digest", "serve"):
        text = open(os.path.join(prefix, "lib/systemd/system/sa-batch-%s.service" % unit)).read()
        assert "ExecStart=%s " % program in text and "--config %s" % config in text, text
        for line in ("User=sa-batch", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectSystem=strict",
                     "ReadWritePaths=/var/lib/sa-batch /var/log/sa-batch", "CapabilityBoundingSet="):
            assert line in text, "%s: no %s" % (unit, line)
        assert "@" not in text.replace("@sa", ""), "unconfigured placeholder in %s" % unit
    cron = open(os.path.join(prefix, "share/sa-batch/cron/sa-batch")).read()
    assert "*/5 * * * *   sa-batch  cd /var/lib/sa-batch && sa-batch run --config %s" % config in cron, cron
    assert "30 8 * * 1-5  sa-batch" in cron and "PATH=%s/bin:" % prefix in cron
    installed = open(config).read()
    assert "templates = %s/share/sa-batch/mail_templates" % prefix in installed

    # The installed program checks the installed configuration; only the system's state
    # directory (created by the administrator) is missing here.
    state = tempfile.mkdtemp(prefix="sa-install-state-")
    os.makedirs(os.path.join(state, "spool"))
    r = subprocess.run([program, "config", "--check", "--config", config, "--set", "database.path=%s/db" % state,
                        "--set", "intake.spool=%s/spool" % state, "--set", "log.file=%s/log" % state],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "configuration OK" in r.stdout, r.stdout + r.stderr
    shutil.rmtree(state)

    # Installing again keeps the configuration the administrator edited.
    with open(config, "a") as f:
        f.write("; edited\n")
    subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True, capture_output=True)
    assert open(config).read().endswith("; edited\n")
    assert os.path.isfile(config + ".new")

    if shutil.which("systemd-analyze"):
        units = [os.path.join(prefix, "lib/systemd/system", u) for u in os.listdir(os.path.join(prefix, "lib/systemd/system"))]
        r = subprocess.run(["systemd-analyze", "verify"] + units, capture_output=True, text=True)
        print("systemd-analyze verify:", r.returncode, r.stderr.strip()[:400])
    print("install tree OK under", prefix)
finally:
    shutil.rmtree(prefix, ignore_errors=True)
