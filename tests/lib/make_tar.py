#!/usr/bin/python3
"""make_tar.py KIND OUT CANARY_DIR - write a crafted (mostly hostile) tar.
CANARY_DIR is the host directory the hostile entries aim at."""
import io
import sys
import tarfile

KIND, OUT, CANARY = sys.argv[1], sys.argv[2], sys.argv[3]


def add_file(tar, name, data=b"pwned\n", mode=0o644):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, name):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    tar.addfile(info)


def add_link(tar, name, target, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    tar.addfile(info)


buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
    add_dir(tar, "etc")
    add_file(tar, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
    if KIND == "ok":
        add_dir(tar, "tmp")
        add_file(tar, "bin/tool", b"#!/bin/sh\n", 0o755)
        add_link(tar, "bin/sh", "tool", tarfile.SYMTYPE)
        add_link(tar, "etc/passwd-hard", "etc/passwd", tarfile.LNKTYPE)
    elif KIND == "dotdot":
        add_file(tar, "../../../../../../.." + CANARY + "/dotdot")
    elif KIND == "absolute":
        add_file(tar, CANARY + "/absolute")
    elif KIND == "symlink-file":
        add_link(tar, "escape", CANARY, tarfile.SYMTYPE)
        add_file(tar, "escape/through-symlink")
    elif KIND == "symlink-relative":
        add_link(tar, "up", "../../../../../../../.." + CANARY, tarfile.SYMTYPE)
        add_file(tar, "up/through-relative")
    elif KIND == "dir-then-symlink":
        add_dir(tar, "d")
        add_link(tar, "d", CANARY, tarfile.SYMTYPE)
        add_file(tar, "d/dir-then-symlink")
    elif KIND == "hardlink-outside":
        add_link(tar, "h", CANARY + "/canary", tarfile.LNKTYPE)
    elif KIND == "hardlink-dotdot":
        add_link(tar, "h", "../../../../../../.." + CANARY + "/canary", tarfile.LNKTYPE)
    elif KIND == "hardlink-via-symlink":
        add_link(tar, "s", CANARY, tarfile.SYMTYPE)
        add_link(tar, "h", "s/canary", tarfile.LNKTYPE)
    elif KIND == "setuid":
        add_file(tar, "suid", b"x", 0o4755)
    elif KIND == "fifo":
        info = tarfile.TarInfo("fifo")
        info.type = tarfile.FIFOTYPE
        tar.addfile(info)
    elif KIND == "truncated":
        add_file(tar, "big", b"A" * 100000)
    else:
        sys.exit("unknown kind " + KIND)
data = buf.getvalue()
if KIND == "truncated":
    data = data[:60000]
with open(OUT, "wb") as f:
    f.write(data)
