#!/usr/bin/python3
"""fake_engine.py SOCKET MODE - a Docker-engine impostor for tests of bad
responses only.  /_ping answers normally (Api-Version 1.41) unless MODE is
oldapi or noheader (docker24 and podman add a Server header naming the
engine); every other request gets the misbehaviour MODE names
(MODE empty: a well-formed empty list, to check the transport itself).
SOCKET "tcp:PORTFILE" listens on 127.0.0.1 and writes the port to PORTFILE."""
import os
import socket
import sys
import threading
import time

SOCK, MODE = sys.argv[1], sys.argv[2]


def head(status, extra=b""):
    return b"HTTP/1.1 " + status + b"\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n" + extra


def send_body(conn, status, body):
    conn.sendall(head(status, b"Content-Length: %d\r\n\r\n" % len(body)) + body)


def chunk(data):
    return b"%x\r\n" % len(data) + data + b"\r\n"


def answer(conn, path, raw):
    if path.startswith("/_ping") or path.startswith("/version"):
        if MODE == "oldapi":
            conn.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.12\r\nContent-Length: 2\r\n\r\nOK")
        elif MODE == "noheader" and path.startswith("/_ping"):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")
        elif MODE == "noheader":
            send_body(conn, b"200 OK", b'{"Version": "19.03", "ApiVersion": "1.40"}')
        elif MODE in ("docker24", "podman"):
            server = b"Docker/24.0.7" if MODE == "docker24" else b"Libpod/4.3.1"
            conn.sendall(head(b"200 OK", b"Server: " + server + b" (linux)\r\nContent-Length: 2\r\n\r\nOK"))
        else:
            send_body(conn, b"200 OK", b"OK")
        return True
    if MODE in ("empty", "noheader"):
        if MODE == "noheader" and not raw.startswith("/v1.40/"):
            send_body(conn, b"400 Bad Request", b'{"message": "wrong version ' + raw.encode() + b'"}')
        else:
            send_body(conn, b"200 OK", b"[]")
    elif MODE == "malformed":
        send_body(conn, b"200 OK", b'[{"Id": "abc", "Names": ["/x"')
    elif MODE == "wrongtype":
        send_body(conn, b"200 OK", b'[{"Id": 5, "Names": "x"}]')
    elif MODE == "nul":
        send_body(conn, b"200 OK", b'[{"Id": "abc", "Names": ["/safe\\u0000/../etc"]}]')
    elif MODE == "deep":
        send_body(conn, b"200 OK", b"[" * 100000 + b"]" * 100000)
    elif MODE == "bignum":
        send_body(conn, b"200 OK", b'[{"Id": "abc", "Size": 1e400}]')
    elif MODE == "truncated-chunked":
        conn.sendall(head(b"200 OK", b"Transfer-Encoding: chunked\r\n\r\n") + chunk(b'[{"Id": "ab'))
        return False
    elif MODE == "bad-chunk":
        conn.sendall(head(b"200 OK", b"Transfer-Encoding: chunked\r\n\r\n") + b"zz\r\n[]\r\n0\r\n\r\n")
        return False
    elif MODE == "hangup":
        conn.sendall(head(b"200 OK", b"Content-Length: 100000\r\n\r\n") + b'[{"Id": "abc"')
        return False
    elif MODE == "error500":
        send_body(conn, b"500 Internal Server Error",
                  b'{"message": "engine exploded \\u001b[31mred\\u001b[0m here"}')
    elif MODE == "huge":
        # Hundreds of MB, streamed: the client must stop reading, not hold it.
        conn.sendall(head(b"200 OK", b"Transfer-Encoding: chunked\r\n\r\n") + chunk(b"["))
        piece = chunk(b'{"Id": "' + b"a" * 1000 + b'"},' * 1)
        block = piece * 1024
        try:
            for _ in range(400):  # ~400 MB
                conn.sendall(block)
        except OSError:
            pass
        return False
    elif MODE == "hang":
        time.sleep(600)
        return False
    return True


def serve(conn):
    with conn:
        buf = b""
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            req, buf = buf.split(b"\r\n\r\n", 1)
            lines = req.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            while len(buf) < length:
                buf += conn.recv(65536)
            buf = buf[length:]
            path = lines[0].split(" ")[1]
            raw = path
            if "/v1." in path:
                path = path[path.index("/", 2):]
            if not answer(conn, path, raw):
                return


def main():
    if SOCK.startswith("tcp:"):
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.bind(("127.0.0.1", 0))
        srv.listen(16)
        with open(SOCK[4:] + ".tmp", "w") as f:
            f.write(str(srv.getsockname()[1]))
        os.rename(SOCK[4:] + ".tmp", SOCK[4:])
    else:
        try:
            os.unlink(SOCK)
        except FileNotFoundError:
            pass
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(SOCK)
        srv.listen(16)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
