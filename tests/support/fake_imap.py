#!/usr/bin/python3
"""An IMAP server on 127.0.0.1 that does not offer STARTTLS, and records what clients send.

  fake_imap.py --record FILE

Prints the port it listens on (first line of stdout). Every connection is greeted with
capabilities that name no STARTTLS (IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN) and CAPABILITY
is answered the same; AUTHENTICATE and LOGIN are refused with NO, LOGOUT ends the session,
STARTTLS (which it never offers) and anything else get BAD. Every byte a client sends is
appended to FILE as it arrives, so a test can tell exactly what reached the server: the
credentials a client sends in the clear are in it (AUTHENTICATE PLAIN with its initial
response, thanks to SASL-IR, or LOGIN).
"""
import argparse
import socket
import threading

CAPABILITIES = b"IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN"

p = argparse.ArgumentParser()
p.add_argument("--record", required=True)
args = p.parse_args()
lock = threading.Lock()


def serve(conn):
    with conn:
        conn.sendall(b"* OK [CAPABILITY " + CAPABILITIES + b"] fake IMAP ready\r\n")
        pending = b""
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            with lock, open(args.record, "ab") as f:
                f.write(data)
            pending += data
            while b"\r\n" in pending:
                line, pending = pending.split(b"\r\n", 1)
                tag, _, rest = line.partition(b" ")
                command = rest.split(b" ", 1)[0].upper()
                if command == b"CAPABILITY":
                    reply = b"* CAPABILITY " + CAPABILITIES + b"\r\n" + tag + b" OK done\r\n"
                elif command in (b"AUTHENTICATE", b"LOGIN"):
                    reply = tag + b" NO [AUTHENTICATIONFAILED] refused\r\n"
                elif command == b"LOGOUT":
                    conn.sendall(b"* BYE logging out\r\n" + tag + b" OK done\r\n")
                    return
                else:
                    reply = tag + b" BAD not here\r\n"
                conn.sendall(reply)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
while True:
    client, _ = listener.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
