"""Loaded by a Python process whose PYTHONPATH holds this folder (the app under test): every
attempt to reach another machine (a DNS lookup or a connection to an address that is not this
machine's loopback) is refused, and written to the file named by NETGUARD_LOG."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket

_LOG = os.environ.get("NETGUARD_LOG")


def _local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as out:
            out.write(what + "\n")


_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto


def getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        _refuse(f"lookup {host}")
        raise socket.gaierror(socket.EAI_NONAME, "refused by the test's network guard")
    return _getaddrinfo(host, *args, **kwargs)


def _check(sock, address) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True
    return _local(address[0])


def connect(self, address):
    if not _check(self, address):
        _refuse(f"connect {address[0]}:{address[1]}")
        raise OSError(errno.ENETUNREACH, "refused by the test's network guard")
    return _connect(self, address)


def connect_ex(self, address):
    if not _check(self, address):
        _refuse(f"connect {address[0]}:{address[1]}")
        return errno.ENETUNREACH
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1]
    if not _check(self, address):
        _refuse(f"sendto {address[0]}:{address[1]}")
        raise OSError(errno.ENETUNREACH, "refused by the test's network guard")
    return _sendto(self, data, *args)


socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
