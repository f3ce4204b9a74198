#!/usr/bin/python3
"""A scriptable SMTP server on 127.0.0.1 for fault-injection tests.

    fault_smtp.py SCENARIO --port PORT --log FILE [--flaky-count N]

Serves one scenario (applied to every connection) until killed. The port actually bound
(PORT 0 picks a free one) is printed alone on the first line of stdout. Every complete
message received (the final dot seen) is appended to FILE as one JSON line, written before
the server answers, with the envelope, the byte count and the reply it got (null: none):

    {"seq": 1, "mail_from": "...", "rcpt_to": ["..."], "bytes": 2345,
     "message_id": "<...>", "reply": 250}

so a test can count what the server received ("reply" 250: what it accepted). "bytes" is
the message as the client handed it over: CRLF line ends, dot-stuffing undone, without the
final dot line.

The scenarios are listed in SCENARIOS. All but notls offer STARTTLS in their EHLO reply and
refuse it (454) when asked: the tests run with smtp.tls=none, except notls with required.
drop_before_dot cannot "read part of the body, then close": a client writes its whole body
and the dot the moment it reads the 354, faster than any server reads and closes, so what
reaches the client would be a drop after the dot. It closes together with the 354 instead.

Written on asyncio streams rather than aiosmtpd: a fault has to happen at an exact point
of the dialogue (stay silent, drop the connection before or after the final dot), which
aiosmtpd's handler hooks cannot express.
"""

import argparse
import asyncio
import json
import re
import socket
import sys

SCENARIOS = {
    "greet421": "421 to the greeting, then close",
    "mail4xx": "451 to MAIL FROM",
    "mail5xx": "550 to MAIL FROM",
    "rcpt450": "450 to RCPT TO",
    "rcpt451": "451 to RCPT TO",
    "rcpt452": "452 to RCPT TO",
    "rcpt550": "550 to RCPT TO",
    "rcpt553": "553 to RCPT TO",
    "rcpt550_naming": "550 to RCPT TO, naming the recipient's address as Postfix does",
    "silent_after_mail": "250 to MAIL FROM, then never answer",
    "data4xx": "451 to DATA",
    "data5xx": "554 to DATA",
    "dot4xx": "451 after the final dot",
    "dot552": "552 after the final dot",
    "dot554": "554 after the final dot",
    "drop_before_dot": "354 to DATA and close at once: the body and the dot cannot arrive",
    "drop_after_dot": "read the whole message, then close without a reply",
    "silent_after_dot": "read the whole message, then never answer",
    "silent_greeting": "accept the connection, never greet",
    "notls": "a normal server whose EHLO does not offer STARTTLS",
    "ok": "accept everything",
    "flaky": "451 after the dot for the first N messages (--flaky-count), then 250",
}

# Replies to commands, by scenario.
MAIL_REPLY = {"mail4xx": "451 4.3.0 MAIL FROM temporarily refused",
              "mail5xx": "550 5.7.1 MAIL FROM refused"}
RCPT_REPLY = {"rcpt450": "450 4.2.1 Mailbox unavailable, try later",
              "rcpt451": "451 4.3.0 Local error, try later",
              "rcpt452": "452 4.5.3 Too many recipients",
              "rcpt550": "550 5.1.1 No such user",
              "rcpt553": "553 5.1.3 Mailbox name not allowed"}
DATA_REPLY = {"data4xx": "451 4.3.0 DATA temporarily refused",
              "data5xx": "554 5.3.0 DATA refused"}
DOT_REPLY = {"dot4xx": "451 4.3.0 Message not queued, try later",
             "dot552": "552 5.3.4 Message too big",
             "dot554": "554 5.6.0 Message refused"}


class Server:
    def __init__(self, scenario, log_path, flaky_count):
        self.scenario = scenario
        self.log_path = log_path
        self.flaky_left = flaky_count  # across connections: the N first messages get 451
        self.seq = 0

    def log_message(self, mail_from, rcpt_to, body, reply):
        self.seq += 1
        m = re.search(rb"^Message-ID:[ \t]*(\S+)", body, re.IGNORECASE | re.MULTILINE)
        line = {"seq": self.seq, "mail_from": mail_from, "rcpt_to": rcpt_to, "bytes": len(body),
                "message_id": m.group(1).decode("ascii", "replace") if m else None,
                "reply": reply}
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
            f.flush()

    async def handle(self, reader, writer):
        try:
            await self.session(reader, writer)
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def send(self, writer, line):
        writer.write(line.encode("ascii") + b"\r\n")
        await writer.drain()

    async def discard_until_eof(self, reader):
        while await reader.read(65536):
            pass

    async def session(self, reader, writer):
        s = self.scenario
        if s == "silent_greeting":
            await self.discard_until_eof(reader)
            return
        if s == "greet421":
            await self.send(writer, "421 4.3.2 fault.example Service not available, closing")
            return
        await self.send(writer, "220 fault.example ESMTP fault_smtp (" + s + ")")
        mail_from, rcpt_to = None, []
        while True:
            raw = await reader.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                mail_from, rcpt_to = None, []
                if verb == "HELO":
                    await self.send(writer, "250 fault.example")
                    continue
                caps = ["fault.example", "8BITMIME", "SIZE 10485760"]
                if s != "notls":
                    caps.append("STARTTLS")  # offered but refused: no test needs TLS itself
                for c in caps[:-1]:
                    await self.send(writer, "250-" + c)
                await self.send(writer, "250 " + caps[-1])
            elif verb == "STARTTLS":
                await self.send(writer, "454 4.7.0 TLS not available")
            elif verb == "MAIL":
                m = re.match(r"(?i)MAIL FROM:\s*<([^>]*)>", line)
                if not m:
                    await self.send(writer, "501 5.5.4 Syntax: MAIL FROM:<address>")
                elif s in MAIL_REPLY:
                    await self.send(writer, MAIL_REPLY[s])
                else:
                    mail_from, rcpt_to = m.group(1), []
                    await self.send(writer, "250 2.1.0 Ok")
                    if s == "silent_after_mail":
                        await self.discard_until_eof(reader)  # until the client gives up
                        return
            elif verb == "RCPT":
                m = re.match(r"(?i)RCPT TO:\s*<([^>]*)>", line)
                if mail_from is None:
                    await self.send(writer, "503 5.5.1 Need MAIL first")
                elif not m:
                    await self.send(writer, "501 5.5.4 Syntax: RCPT TO:<address>")
                elif s in RCPT_REPLY:
                    await self.send(writer, RCPT_REPLY[s])
                elif s == "rcpt550_naming":
                    await self.send(writer, "550 5.1.1 <%s>: Recipient address rejected: User "
                                            "unknown in virtual mailbox table" % m.group(1))
                else:
                    rcpt_to.append(m.group(1))
                    await self.send(writer, "250 2.1.5 Ok")
            elif verb == "DATA":
                if not rcpt_to:
                    await self.send(writer, "503 5.5.1 Need RCPT first")
                    continue
                if s in DATA_REPLY:
                    await self.send(writer, DATA_REPLY[s])
                    continue
                if s == "drop_before_dot":
                    # The 354 and the close must reach the client together: a client sends
                    # its whole body and the dot the moment it reads the 354, long before a
                    # server could read part of it and close. So the 354 is corked, and the
                    # close sends it in one segment with the FIN; the body then hits a closed
                    # socket, the kernel answers it with RST, and the client's final dot
                    # cannot go out.
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
                    writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    return
                await self.send(writer, "354 End data with <CR><LF>.<CR><LF>")
                body = await self.read_body(reader)
                reply = self.reply_after_dot()
                self.log_message(mail_from, rcpt_to, body, int(reply[:3]) if reply else None)
                mail_from, rcpt_to = None, []
                if s == "drop_after_dot":
                    return  # every byte was read: a plain close (FIN), no reply
                if s == "silent_after_dot":
                    await self.discard_until_eof(reader)  # until the client gives up
                    return
                await self.send(writer, reply)
            elif verb == "RSET":
                mail_from, rcpt_to = None, []
                await self.send(writer, "250 2.0.0 Ok")
            elif verb == "NOOP":
                await self.send(writer, "250 2.0.0 Ok")
            elif verb == "QUIT":
                await self.send(writer, "221 2.0.0 Bye")
                return
            else:
                await self.send(writer, "502 5.5.2 Command not implemented")

    async def read_body(self, reader):
        lines = []
        while True:
            raw = await reader.readline()
            if not raw:
                raise ConnectionError("connection closed inside DATA")
            if raw in (b".\r\n", b".\n"):
                return b"".join(lines)
            if raw.startswith(b"."):
                raw = raw[1:]  # dot-unstuffing
            lines.append(raw)

    def reply_after_dot(self):
        s = self.scenario
        if s in ("drop_after_dot", "silent_after_dot"):
            return None
        if s in DOT_REPLY:
            return DOT_REPLY[s]
        if s == "flaky" and self.flaky_left > 0:
            self.flaky_left -= 1
            return "451 4.3.0 Flaky: try again later"
        return "250 2.0.0 Ok: queued as F%d" % self.seq


async def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    p.add_argument("--port", type=int, default=0, help="0: pick a free port")
    p.add_argument("--log", required=True, help="file to append one JSON line per message to")
    p.add_argument("--flaky-count", type=int, default=1, help="flaky: messages refused first")
    a = p.parse_args()
    open(a.log, "a").close()  # exists (empty) from the start: nothing received yet
    server = Server(a.scenario, a.log, a.flaky_count)
    srv = await asyncio.start_server(server.handle, "127.0.0.1", a.port, reuse_address=True,
                                     limit=1 << 20)
    port = srv.sockets[0].getsockname()[1]
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    async with srv:
        await srv.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
