#!/usr/bin/python3
"""service_probe.py - one request in each service's own protocol, for the
preset tests: exit 0 and print the answer when the service really works.

  service_probe.py redis PORT          PING, expects +PONG
  service_probe.py postgres PORT USER  startup as USER, expects ReadyForQuery
  service_probe.py fcgi PORT SCRIPT    a FastCGI GET of SCRIPT (absolute path
                                       in the container), prints the body
All connect to 127.0.0.1:PORT with a 2 s timeout.
"""
import socket
import struct
import sys


def connect(port):
    return socket.create_connection(("127.0.0.1", int(port)), timeout=2)


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def redis(port):
    with connect(port) as s:
        s.sendall(b"PING\r\n")
        line = s.recv(64)
    if not line.startswith(b"+PONG"):
        raise RuntimeError("redis answered %r" % line)
    print("PONG")


def postgres(port, user):
    params = b"user\0" + user.encode() + b"\0database\0postgres\0\0"
    body = struct.pack("!I", 196608) + params  # protocol 3.0
    with connect(port) as s:
        s.sendall(struct.pack("!I", len(body) + 4) + body)
        while True:
            kind = recv_exact(s, 1)
            (length,) = struct.unpack("!I", recv_exact(s, 4))
            payload = recv_exact(s, length - 4)
            if kind == b"E":
                raise RuntimeError("postgres refused: %r" % payload)
            if kind == b"R" and struct.unpack("!I", payload[:4])[0] != 0:
                # A password is asked for: the server is up and answering.
                print("accepting connections (authentication requested)")
                return
            if kind == b"Z":
                print("ready for query")
                return


def fcgi_record(rtype, content, request_id=1):
    pad = (8 - len(content) % 8) % 8
    return struct.pack("!BBHHBx", 1, rtype, request_id, len(content), pad) + content + b"\0" * pad


def fcgi_pair(name, value):
    out = b""
    for x in (name, value):
        n = len(x)
        out += struct.pack("!B", n) if n < 128 else struct.pack("!I", n | 0x80000000)
    return out + name + value


def fcgi(port, script):
    begin, params, stdin, stdout, stderr, end = 1, 4, 5, 6, 7, 3
    env = {
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET",
        "SCRIPT_FILENAME": script, "SCRIPT_NAME": "/" + script.rsplit("/", 1)[-1],
        "REQUEST_URI": "/", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1",
    }
    pairs = b"".join(fcgi_pair(k.encode(), v.encode()) for k, v in env.items())
    req = (fcgi_record(begin, struct.pack("!HB5x", 1, 0)) + fcgi_record(params, pairs)
           + fcgi_record(params, b"") + fcgi_record(stdin, b""))
    out, err = b"", b""
    with connect(port) as s:
        s.sendall(req)
        while True:
            _, rtype, _, clen, pad = struct.unpack("!BBHHBx", recv_exact(s, 8))
            content = recv_exact(s, clen + pad)[:clen]
            if rtype == stdout:
                out += content
            elif rtype == stderr:
                err += content
            elif rtype == end:
                break
    if err:
        raise RuntimeError("php-fpm reported: %r" % err)
    head, _, body = out.partition(b"\r\n\r\n")
    if b"Status:" in head and b"Status: 200" not in head:
        raise RuntimeError("php-fpm answered %r" % head)
    sys.stdout.write(body.decode(errors="replace"))


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "redis":
            redis(argv[2])
        elif len(argv) == 4 and argv[1] == "postgres":
            postgres(argv[2], argv[3])
        elif len(argv) == 4 and argv[1] == "fcgi":
            fcgi(argv[2], argv[3])
        else:
            sys.stderr.write(__doc__)
            return 2
    except (OSError, EOFError, RuntimeError, struct.error) as e:
        sys.stderr.write("service_probe: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
