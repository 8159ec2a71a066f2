"""Start the app warm: ``python -m dashboard.web.serve [streamlit options]``.

``streamlit run app.py`` does everything on the first visitor's request: importing the
libraries, creating and seeding the store, reading the boundaries, building the first maps.
This does those before the server accepts a connection, in the same process (Streamlit's
resource caches are per process), then runs ``streamlit run app.py`` with the given options.
``./dev run`` and ``./dev serve`` start the app this way.
"""

from __future__ import annotations

import gc
import logging
import sys
import time


def warm() -> dict[str, float]:
    """Seed the store, read the boundaries, build the first views and read the imported aid
    data; seconds per step."""
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    from dashboard.storage import boundaries, datasets
    from dashboard.web import aid, core, mapview

    steps["imports"] = time.perf_counter() - t0
    # The caches are filled outside a script run: Streamlit says so once per call; quiet.
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for name, step in (
            ("store", datasets.store),
            ("boundaries", lambda: (boundaries.load_boundaries("print"), core.unit_table())),
            ("views", mapview.warm),
            ("aid", aid.warm),
        ):
            t0 = time.perf_counter()
            step()
            steps[name] = time.perf_counter() - t0
    finally:
        quiet.setLevel(level)
    # Streamlit collects garbage after every run (runner.postScriptGC); what is loaded by now
    # (the boundaries, the data, the libraries) lives as long as the server, so it is kept out
    # of those collections instead of being scanned again at every run of every session.
    t0 = time.perf_counter()
    gc.collect()
    gc.freeze()
    steps["freeze"] = time.perf_counter() - t0
    return steps


def main(argv: list[str] | None = None) -> None:
    from dashboard import settings

    options = sys.argv[1:] if argv is None else argv
    steps = warm()
    print("warm: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()), flush=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(settings.root() / "app.py"), *options]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
