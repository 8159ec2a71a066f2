"""A Streamlit session without a browser: the websocket protocol the browser speaks, for load tests.

A session opens ``/_stcore/stream``, asks for a run of a page (``rerun_script`` with the URL's
page and query string, as the browser does on load), and reads the server's messages until the
script has finished. What it measures is the server's side of a visit: no JavaScript runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class Visit:
    """What one session saw: seconds to the map element and to the end of the run, bytes."""

    first_map: float | None = None
    finished: float | None = None
    received: int = 0
    messages: int = 0
    exceptions: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.exceptions and self.first_map is not None


class Session:
    """One websocket session with a Streamlit server (``base``: ``http://127.0.0.1:PORT``)."""

    def __init__(self, base: str, timeout: float = 120.0):
        self.url = base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.ws = connect(
            self.url,
            subprotocols=["streamlit"],
            open_timeout=timeout,
            max_size=None,
            compression=None,
        )

    def run(self, page: str = "", query: str = "") -> Visit:
        """Ask for a run of ``page`` (``""``: the default page) and read until it finishes."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        visit = Visit()
        t0 = time.perf_counter()
        self.ws.send(back.SerializeToString())
        deadline = t0 + self.timeout
        try:
            while True:
                raw = self.ws.recv(timeout=max(deadline - time.perf_counter(), 0.1))
                visit.received += len(raw)
                visit.messages += 1
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta":
                    element = msg.delta.new_element
                    which = element.WhichOneof("type") if msg.delta.WhichOneof("type") else None
                    # The map: the map component (web.geomap), or a plotly chart before it.
                    is_map = which == "plotly_chart" or (
                        which == "bidi_component"
                        and element.bidi_component.component_name == "dashboard_map"
                    )
                    if is_map and visit.first_map is None:
                        visit.first_map = time.perf_counter() - t0
                    if which == "exception":
                        visit.exceptions.append(element.exception.message)
                elif kind == "script_finished":
                    visit.finished = time.perf_counter() - t0
                    return visit
        except Exception as exc:  # a load test reports every failure, it does not stop
            visit.error = f"{type(exc).__name__}: {exc}"
            return visit

    def close(self) -> None:
        self.ws.close()
