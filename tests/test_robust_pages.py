"""Pages under AppTest with hostile data in the store: a dataset that fails is reported in its
place in the user's language, the rest of the page works, and text from data stays text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from apptest_pages import run_page as _page
from streamlit.testing.v1 import AppTest

from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _situation_with(app_store, iso3: str, **values) -> None:
    frame = datasets.load("situation")
    row = frame.index[frame["iso3"] == iso3][0]
    for column, value in values.items():
        frame.loc[row, column] = value
    app_store.publish("situation", frame, user="mallory")  # straight into the store


def test_an_indicator_stored_under_a_connectors_name_fails_only_in_its_panel(app_store):
    # As an upload could do before names were reserved: an indicator named reliefweb_reports.
    frame = pd.DataFrame(
        {
            "iso3": ["UKR"],
            "refugees": [12.5],
            "source": ["UNHCR"],
            "source_url": ["https://www.unhcr.org/"],
            "source_date": ["2025"],
        }
    )
    app_store.publish("reliefweb_reports", frame, user="ann", kind="indicator")
    at = _page("pages/country.py", iso3="UKR", lang="en")
    assert not at.exception
    (context,) = [e for e in at.expander if e.label.startswith("Indicators")]
    assert [e.value for e in context.error] == [
        "This part of the page could not be shown; the rest of the page works. "
        "The error is in the server's log."
    ]
    assert at.subheader[0].value == "Ukraine (UKR)"
    assert len(at.dataframe) >= 1  # the commitments table is still there


def test_a_stored_version_that_fails_its_contract_is_named_on_the_page_in_dutch(app_store):
    _situation_with(app_store, "UKR", assessed_on="2026-13-01")
    at = AppTest.from_file(APP, default_timeout=60).run()  # the overview, through app.py
    assert not at.exception
    assert at.error[0].value.startswith(
        "Versie 2 van gegevensset 'situation' voldoet niet aan haar contract "
        "(rij 2, kolom 'assessed_on': '2026-13-01' is geen datum op de kalender"
    )
    assert "Traceback" not in "".join(e.value for e in at.error)


def test_markdown_and_html_in_data_are_shown_as_text(app_store):
    hostile = "![x](http://host.example/b.png) [link](http://host.example) $x$ **bold**"
    _situation_with(app_store, "UKR", summary_en=hostile)
    at = _page("pages/country.py", iso3="UKR", lang="en")
    assert not at.exception
    # The summary is shown with st.text: as written, nothing in it is read as markup.
    assert not [m.value for m in at.markdown if "host" in m.value]
    (shown,) = [e.value for e in at.text if "host" in e.value]
    assert shown.endswith(hostile)


def test_addresses_in_data_text_never_become_links():
    from dashboard.web.safety import plain

    joiner = "\u2060"
    assert plain("see www.example.org or mail a@example.org") == (
        f"see www{joiner}\\.example\\.org or mail a@{joiner}example\\.org"
    )
    assert plain("line one\nline two  # not a heading") == r"line one line two \# not a heading"
