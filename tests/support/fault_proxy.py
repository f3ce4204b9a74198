#!/usr/bin/python3
"""A TCP proxy on 127.0.0.1 in front of a real server that cuts the connection at a chosen
moment, for fault injection against Dovecot.

  fault_proxy.py UPSTREAM_PORT RULE [--count N] [--record DIR]

Prints the port it listens on (first line of stdout). RULE:
  client:TEXT   cut both sides when the client sends TEXT (e.g. "UID MOVE"), before it is
                forwarded: the command never reaches the server
  server:TEXT   cut both sides when the server's reply holds TEXT (e.g. "FETCH"), after
                forwarding only half of that chunk: a reply broken off mid-way
  pass          cut nothing (with --record: a witness of what crossed the wire)
--count N: cut only the first N matching connections (default 1); later ones pass through.
--record DIR: write every byte the client sent on connection K (from 1, in the order they
  were accepted) to DIR/K.client as it is forwarded, and the server's to DIR/K.server.
"""
import argparse
import socket
import sys
import threading

p = argparse.ArgumentParser()
p.add_argument("upstream", type=int)
p.add_argument("rule")
p.add_argument("--count", type=int, default=1)
p.add_argument("--record")
args = p.parse_args()
side, _, text = args.rule.partition(":")
needle = text.encode()
remaining = [args.count]
lock = threading.Lock()


def take_cut():
    with lock:
        if remaining[0] <= 0:
            return False
        remaining[0] -= 1
        return True


def pump(src, dst, watch, pair, record):
    seen = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if record:
                record.write(data)
                record.flush()
            if watch:
                seen = (seen + data)[-4096:]
                if needle in seen and take_cut():
                    if side == "server":
                        dst.sendall(data[: len(data) // 2])
                    for s in pair:
                        try:
                            s.shutdown(socket.SHUT_RDWR)
                        except OSError:
                            pass
                    return
            dst.sendall(data)
    except OSError:
        pass
    for s in pair:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
connections = 0
while True:
    client, _ = listener.accept()
    upstream = socket.create_connection(("127.0.0.1", args.upstream))
    pair = (client, upstream)
    connections += 1
    to_server = to_client = None
    if args.record:
        name = "%s/%d." % (args.record, connections)
        to_server, to_client = open(name + "client", "wb"), open(name + "server", "wb")
    threading.Thread(target=pump, args=(client, upstream, side == "client", pair, to_server),
                     daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client, side == "server", pair, to_client),
                     daemon=True).start()
