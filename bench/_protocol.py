"""A Streamlit session without a browser: the websocket protocol the browser speaks, for load tests.

A session opens ``/_stcore/stream``, asks for a run of a page (``rerun_script`` with the URL's
page and query string, as the browser does on load), and reads the server's messages until the
script has finished. On a session's first view, what is under the map waits for the browser to
say the map is drawn (``web.geomap.after_the_map``): the session says so as a browser would,
and reads that second, partial run too. What it measures is the server's side of a visit: no
JavaScript runs.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class Visit:
    """What one session saw: seconds to the map element and to the end of the page (its
    second, partial run included), bytes."""

    first_map: float | None = None
    finished: float | None = None
    runs: int = 0
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
        """Ask for a run of ``page`` (``""``: the default page) and read until it finishes,
        then, when the page waits for its map, say the map is drawn and read the rest."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        visit = Visit()
        t0 = time.perf_counter()
        try:
            waiting = self._read(back, visit, t0)
            if waiting is not None:
                self._read(self._map_drawn(query, *waiting), visit, t0)
        except Exception as exc:  # a load test reports every failure, it does not stop
            visit.error = f"{type(exc).__name__}: {exc}"
        return visit

    def _read(self, back: BackMsg, visit: Visit, t0: float) -> tuple[str, str, str] | None:
        """Send ``back`` and read until its run has finished; the page's wait for its map
        (component id, fragment id, page hash), if it waits."""
        self.ws.send(back.SerializeToString())
        deadline = t0 + self.timeout
        waiting, page_hash = None, ""
        while True:
            raw = self.ws.recv(timeout=max(deadline - time.perf_counter(), 0.1))
            visit.received += len(raw)
            visit.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                page_hash = msg.navigation.page_script_hash
            elif kind == "delta":
                element = msg.delta.new_element
                which = element.WhichOneof("type") if msg.delta.WhichOneof("type") else None
                name = element.bidi_component.component_name if which == "bidi_component" else ""
                # The map: the map component (web.geomap), or a plotly chart before it.
                if (which == "plotly_chart" or name == "dashboard_map") and not visit.first_map:
                    visit.first_map = time.perf_counter() - t0
                if name == "dashboard_map_drawn":
                    waiting = (element.bidi_component.id, msg.delta.fragment_id)
                if which == "exception":
                    visit.exceptions.append(element.exception.message)
            elif kind == "script_finished":
                visit.finished = time.perf_counter() - t0
                visit.runs += 1
                return (*waiting, page_hash) if waiting else None

    @staticmethod
    def _map_drawn(query: str, component: str, fragment: str, page_hash: str) -> BackMsg:
        """What the browser sends once its first map is drawn: the waiting component's state,
        for a run of its fragment only."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_script_hash = page_hash
        back.rerun_script.fragment_id = fragment
        state = back.rerun_script.widget_states.widgets.add()
        state.id = component
        state.json_value = json.dumps({"drawn": True})
        return back

    def close(self) -> None:
        self.ws.close()
