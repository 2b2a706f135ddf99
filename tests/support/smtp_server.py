"""A real SMTP server on loopback for tests/mail.rs (Debian's python3-aiosmtpd).

Usage: smtp_server.py OUT_DIR MODE [CERT KEY] [USER PASSWORD]
MODE: none | starttls | tls. With USER, AUTH is offered (over TLS only) and required.
Prints the port on the first line once it listens. Each message received is written to
OUT_DIR as msg-N.json (subject, from, to, message_id, body, attachments) with each
attachment's bytes beside it. A recipient whose address starts with "refuse" gets 550.
"""
import json
import os
import socket
import ssl
import sys
import threading
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

out_dir, mode = sys.argv[1], sys.argv[2]
rest = sys.argv[3:]
cert = key = None
if mode in ("starttls", "tls"):
    cert, key, rest = rest[0], rest[1], rest[2:]
user = password = None
if rest:
    user, password = rest[0].encode(), rest[1].encode()

counter = {"n": 0}
lock = threading.Lock()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            counter["n"] += 1
            n = counter["n"]
        msg = BytesParser(policy=policy.default).parsebytes(envelope.content)
        attachments = []
        for i, part in enumerate(msg.iter_attachments()):
            path = os.path.join(out_dir, f"msg-{n}-att-{i}.bin")
            with open(path, "wb") as f:
                f.write(part.get_payload(decode=True))
            attachments.append(
                {"filename": part.get_filename(), "content_type": part.get_content_type(), "path": path}
            )
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "message_id": str(msg["message-id"]),
            "envelope_to": envelope.rcpt_tos,
            "auth": session.authenticated,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "body": body.get_content() if body is not None else "",
            "attachments": attachments,
        }
        tmp = os.path.join(out_dir, f"msg-{n}.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(out_dir, f"msg-{n}.json"))
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
    return AuthResult(success=ok, handled=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


context = None
if cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

kwargs = {}
if user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
if mode == "starttls":
    kwargs.update(tls_context=context, require_starttls=True)
elif mode == "tls":
    kwargs.update(ssl_context=context)

port = free_port()
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print(port, flush=True)
# Runs until the test closes stdin (or kills it).
sys.stdin.read()
controller.stop()
