"""HTTP for the connectors: one kind of session, and failures in plain words.

- A clear User-Agent: ``Buitenlandbeleid-in-beeld/<version> (+<DASHBOARD_HTTP_CONTACT>)``.
- Timeouts for connecting and for reading (``DASHBOARD_HTTP_CONNECT_TIMEOUT``,
  ``DASHBOARD_HTTP_READ_TIMEOUT``), so an unreachable host fails fast.
- Retries with exponential backoff on 429 and 5xx (``DASHBOARD_HTTP_RETRIES``), honouring
  ``Retry-After`` up to :data:`RETRY_AFTER_MAX` seconds; one retry of a failed connect, none of
  a read that timed out (a hanging server would otherwise double the wait).
- No answer is read past ``DASHBOARD_HTTP_MAX_MB``.
- The standard environment variables, read by requests (``trust_env``): ``HTTPS_PROXY`` /
  ``HTTP_PROXY``, ``NO_PROXY``, ``REQUESTS_CA_BUNDLE`` (or ``CURL_CA_BUNDLE``) for a
  ministry's own certificate authority.

Every network failure comes out as :class:`FetchError` naming the source and the cause.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from importlib import metadata
from typing import BinaryIO, TypeVar
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from dashboard import settings

RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRY_AFTER_MAX = 10  # seconds; a longer Retry-After is cut to this
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 8
T = TypeVar("T")


class FetchError(RuntimeError):
    """A source could not be fetched; ``str()`` names the source and the cause."""

    def __init__(self, source: str, cause: str, status: int | None = None):
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause
        self.status = status  # the HTTP status, when the service answered


def _seconds(name: str) -> float:
    text = settings.get(name)
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"setting {name} must be a number of seconds, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"setting {name} must be more than 0 seconds, not {text!r}")
    return value


def timeouts() -> tuple[float, float]:
    """(connect, read) timeouts in seconds, from the settings."""
    return (_seconds("DASHBOARD_HTTP_CONNECT_TIMEOUT"), _seconds("DASHBOARD_HTTP_READ_TIMEOUT"))


def user_agent() -> str:
    try:
        version = metadata.version("dashboard")
    except metadata.PackageNotFoundError:
        version = "dev"
    contact = settings.get("DASHBOARD_HTTP_CONTACT").strip()
    return f"Buitenlandbeleid-in-beeld/{version}" + (f" (+{contact})" if contact else "")


def session() -> requests.Session:
    """A session with the User-Agent, retries and the proxy/CA variables of the environment."""
    retries = settings.get_int("DASHBOARD_HTTP_RETRIES")
    retry = Retry(
        total=retries,
        connect=min(1, retries),
        read=0,
        status=retries,
        other=0,
        backoff_factor=BACKOFF_FACTOR,
        backoff_max=BACKOFF_MAX,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "POST"}),  # POST queries only read here
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX,
        raise_on_status=False,
    )
    s = requests.Session()
    s.trust_env = True  # HTTPS_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE
    s.headers["User-Agent"] = user_agent()
    s.headers["Accept"] = "application/json"
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    return s


def fetch(
    s: requests.Session, source: str, url: str, *, params=None, json_body=None, method: str = "GET"
) -> bytes:
    """The body of a successful answer, or :class:`FetchError` with the cause in words."""
    connect, read = timeouts()
    host = requests.utils.urlparse(url).netloc or url
    try:
        response = s.request(
            method, url, params=params, json=json_body, timeout=(connect, read), stream=True
        )
    except requests.exceptions.RequestException as exc:
        raise _failure(source, host, exc) from None
    with response:
        _check_status(response, source, host)
        return _body(response, source, host)


def download(
    s: requests.Session,
    source: str,
    url: str,
    out: BinaryIO,
    *,
    params=None,
    max_bytes: int,
    tick: Callable[[], None] | None = None,
) -> int:
    """Stream the body of ``url`` into ``out``, so that a large file (an IATI publication of
    hundreds of megabytes) never sits in memory whole; the number of bytes written, or
    :class:`FetchError` (also for a body over ``max_bytes``). ``tick`` is called after each
    chunk (a :class:`Watchdog`'s ``tick``)."""
    connect, read = timeouts()
    host = urlparse(url).netloc or url
    written = 0
    try:
        response = s.get(url, params=params, timeout=(connect, read), stream=True)
    except requests.exceptions.RequestException as exc:
        raise _failure(source, host, exc) from None
    with response:
        _check_status(response, source, host)
        try:
            for chunk in response.iter_content(chunk_size=1 << 20):
                written += len(chunk)
                if written > max_bytes:
                    raise FetchError(source, f"{host} sent more than {max_bytes // 1048576} MB")
                out.write(chunk)
                if tick is not None:
                    tick()
        except requests.exceptions.RequestException as exc:
            raise FetchError(source, f"the answer from {host} broke off: {_reason(exc)}") from None
    return written


def _check_status(response: requests.Response, source: str, host: str) -> None:
    if response.status_code >= 400:
        retried = " after retries" if response.status_code in RETRY_STATUSES else ""
        raise FetchError(
            source,
            f"{host} answered HTTP {response.status_code} "
            f"{response.reason or ''}{retried}".rstrip(),
            response.status_code,
        )


def _failure(source: str, host: str, exc: requests.exceptions.RequestException) -> FetchError:
    """A failed request as :class:`FetchError`, the cause in words."""
    connect, read = timeouts()
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchError(
            source,
            f"no connection to {host} within {connect:g} s "
            "(offline, or a firewall or proxy in the way?)",
        )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FetchError(source, f"{host} did not answer within {read:g} s")
    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError(
            source,
            f"the TLS certificate of {host} could not be verified "
            f"({_reason(exc)}); set REQUESTS_CA_BUNDLE to the CA bundle "
            "of your network",
        )
    if isinstance(exc, requests.exceptions.ProxyError):
        return FetchError(
            source,
            f"the proxy failed to reach {host} ({_reason(exc)}); check HTTPS_PROXY and NO_PROXY",
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return FetchError(source, _connection_cause(host, exc))
    return FetchError(source, f"the request to {host} failed: {_reason(exc)}")


def _body(response: requests.Response, source: str, host: str) -> bytes:
    """The answer's body, read up to ``DASHBOARD_HTTP_MAX_MB``: a larger answer is refused
    before it is held in memory (by its Content-Length, or as soon as it grows past it)."""
    limit = settings.get_int("DASHBOARD_HTTP_MAX_MB") * 1024 * 1024
    too_big = FetchError(source, f"{host} sent more than {limit // 1048576} MB; refused")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(chunk_size=1 << 16):
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
    except requests.exceptions.RequestException as exc:
        raise FetchError(source, f"the answer from {host} broke off: {_reason(exc)}") from None
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None) or inner
    return str(reason).split(": ", 1)[-1][:200]


def _connection_cause(host: str, exc: BaseException) -> str:
    text = repr(exc)
    if "ReadTimeoutError" in text or "Read timed out" in text:
        return f"{host} did not answer within {timeouts()[1]:g} s"
    if (
        "NameResolutionError" in text
        or "Name or service not known" in text
        or "getaddrinfo" in text
        or "nodename nor servname" in text
    ):
        return f"the host name {host.split(':')[0]} could not be resolved (offline, or no DNS?)"
    if "Connection refused" in text or "ConnectionRefusedError" in text:
        return f"{host} refused the connection"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return f"{host} closed the connection without an answer"
    return f"cannot connect to {host}: {_reason(exc)}"


class Watchdog:
    """Stops waiting for work that makes no progress.

    The work calls :meth:`tick` after each answer. :func:`run` gives up when no answer came
    for ``stall`` seconds (offline: DNS that never answers, a black-holed route) or the whole
    took longer than ``deadline`` seconds.
    """

    def __init__(self, stall: float, deadline: float):
        self.stall, self.deadline = stall, deadline
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self._last = time.monotonic()

    def quiet_for(self) -> float:
        with self._lock:
            return time.monotonic() - self._last


def run(
    work: Callable[[Watchdog], T],
    source: str,
    *,
    stall: float | None = None,
    deadline: float | None = None,
) -> T:
    """``work(watchdog)`` in a worker thread; its result, its exception, or ``FetchError``."""
    stall = stall if stall is not None else _seconds("DASHBOARD_REFRESH_STALL_SECONDS")
    deadline = deadline if deadline is not None else _seconds("DASHBOARD_REFRESH_DEADLINE_SECONDS")
    dog = Watchdog(stall, deadline)
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = work(dog)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, name=f"fetch-{source}", daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
        if not worker.is_alive():
            break
        if dog.quiet_for() > stall:
            raise FetchError(source, f"no answer for {stall:g} s (offline?); gave up")
        if time.monotonic() - started > deadline:
            raise FetchError(source, f"not finished within {deadline:g} s; gave up")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
