"""Uploads: each accepted format, each refusal (the active version unchanged), the preview."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest

from dashboard.domain import contracts, diff
from dashboard.domain.problems import Problem
from dashboard.ingest import upload as ingest
from dashboard.services import updates
from dashboard.services.auth import Account
from dashboard.storage import datasets

ANALYST = Account("ann", "analyst")
POSTS_HEADER = list(contracts.CONTRACTS["posts"].columns)  # the contract's, in order
KYIV = [
    "emb_kyiv",
    "Ambassade in Kyiv",
    "Embassy in Kyiv",
    "embassy",
    "Kyiv",
    "Oekraïne",
    "50.45",
    "30.52",
    "open",
    "",
    "Rijksoverheid",
    "",
    "2025-01-02",
    "2026-11-30",
]
CHISINAU = [
    "emb_chisinau",
    "Ambassade in Chişinău",
    "Embassy in Chisinau",
    "embassy",
    "Chisinau",
    "MDA",
    "47.01",
    "28.86",
    "open",
    "",
    "Rijksoverheid",
    "",
    "",
    "2026-11-30",
]

pytest_plugins = ["db_fixtures"]


def _csv(rows, sep=",", header=POSTS_HEADER) -> str:
    return "\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n"


def _xlsx(rows, header=POSTS_HEADER, extra_parts=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    if not extra_parts:
        return out.getvalue()
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra_parts:
            archive.writestr(name, data)
    return out.getvalue()


def _read(file_name: str, data: bytes) -> ingest.Checked:
    """A posts file read and checked as an upload is, before the store is asked anything
    (a smaller post network than the active one is refused there: test_store)."""
    return ingest.check_upload("posts", file_name, data, known_iso3=datasets.known_iso3())


def _expect_posts(checked, lat=(50.45, 47.01)) -> None:
    assert checked.problems == ()
    frame = checked.frame
    assert list(frame["post_id"]) == ["emb_kyiv", "emb_chisinau"]
    assert list(frame["iso3"]) == ["UKR", "MDA"]
    assert list(frame["lat"]) == list(lat)
    assert frame["lat"].dtype == "float64"


def test_a_utf8_csv_is_accepted_with_country_names_mapped(app_store):
    checked = _read("posts.csv", _csv([KYIV, CHISINAU]).encode("utf-8"))
    _expect_posts(checked)
    assert checked.frame.loc[1, "name_nl"] == "Ambassade in Chişinău"


def test_a_utf8_csv_with_bom_is_accepted(app_store):
    checked = _read("posts.csv", _csv([KYIV, CHISINAU]).encode("utf-8-sig"))
    _expect_posts(checked)
    assert list(checked.frame.columns)[0] == "post_id"


def test_a_dutch_excel_csv_in_cp1252_with_semicolons_and_decimal_commas_is_accepted(app_store):
    kyiv = [*KYIV[:6], "50,45", "30,52", *KYIV[8:]]
    chisinau = [
        *CHISINAU[:1],
        "Ambassade in Chisinau",
        *CHISINAU[2:6],
        "47,01",
        "28,86",
        *CHISINAU[8:],
    ]
    data = _csv([kyiv, chisinau], sep=";").encode("cp1252")
    checked = _read("posts.csv", data)
    _expect_posts(checked)
    assert list(checked.frame["lon"]) == [30.52, 28.86]


def test_dutch_thousands_separators_and_decimal_commas_are_read_as_numbers():
    text = pd.Series(["1.234.567", "1.234,5", "3,5", "12", "-0,25", "abc"])
    assert list(ingest.parse_numbers(text, decimal_comma=True)) == [
        "1234567",
        "1234.5",
        "3.5",
        "12",
        "-0.25",
        "abc",
    ]
    assert list(ingest.parse_numbers(pd.Series(["1,234,567", "2.5"]), decimal_comma=False)) == [
        "1234567",
        "2.5",
    ]


def test_an_xlsx_workbook_is_accepted(app_store):
    rows = [[*KYIV[:6], 50.45, 30.52, *KYIV[8:]], [*CHISINAU[:6], 47.01, 28.86, *CHISINAU[8:]]]
    checked = _read("posts.xlsx", _xlsx(rows))
    _expect_posts(checked)


def test_a_geojson_file_is_accepted_with_properties_as_columns(app_store):
    def feature(row):
        props = dict(zip(POSTS_HEADER, row, strict=True))
        lat, lon = float(props.pop("lat")), float(props.pop("lon"))
        return {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }

    data = json.dumps(
        {"type": "FeatureCollection", "features": [feature(KYIV), feature(CHISINAU)]}
    ).encode("utf-8")
    checked = _read("posts.geojson", data)
    _expect_posts(checked)


def test_the_exported_active_version_uploads_again_unchanged(app_store):
    for fmt in ("csv", "xlsx"):
        data = updates.export("commitments", fmt)
        checked = updates.check("commitments", f"commitments.{fmt}", data)
        assert checked.problems == ()
        assert updates.preview(checked).unchanged


# -- refusals: each leaves the active version as it was -----------------------------------------
def _refused(app_store, dataset, file_name, data, limits=None) -> tuple[Problem, ...]:
    before = app_store.active_version_id(dataset)
    checked = updates.check(dataset, file_name, data, limits=limits)
    assert not checked.ok and checked.frame is None
    with pytest.raises(ValueError, match="The file has problems"):
        updates.publish(ANALYST, checked, "should not land")
    assert app_store.active_version_id(dataset) == before
    return checked.problems


def test_a_file_over_the_size_limit_is_refused(app_store):
    data = _csv([KYIV] * 40).encode()
    assert 4096 < len(data) <= 5120
    problems = _refused(app_store, "posts", "posts.csv", data, ingest.Limits(2048, 100))
    assert [p.key for p in problems] == ["p_too_big"]
    assert problems[0].message == "The file is 5 KB; the limit is 2 KB"
    assert problems[0].text("nl") == "Het bestand is 5 KB; de grens is 2 KB"


def test_a_file_over_the_row_limit_is_refused(app_store):
    data = _csv([KYIV, CHISINAU]).encode()
    problems = _refused(app_store, "posts", "posts.csv", data, ingest.Limits(10**6, 1))
    assert problems == (Problem.of(None, None, "p_too_many_rows", limit=1),)


def test_a_macro_workbook_is_refused_by_its_type(app_store):
    problems = _refused(app_store, "posts", "posts.xlsm", _xlsx([]))
    assert problems == (Problem.of(None, None, "p_macro_type", suffix=".xlsm"),)
    assert problems[0].message == (
        "Excel files of type .xlsm (which can hold macros) "
        "are not accepted; save the workbook as .xlsx"
    )


def test_a_workbook_hiding_a_macro_project_is_refused(app_store):
    data = _xlsx([], extra_parts=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")])
    problems = _refused(app_store, "posts", "posts.xlsx", data)
    assert problems == (Problem.of(None, None, "p_xlsx_active"),)


def test_a_workbook_with_a_formula_is_refused_with_its_cell(app_store):
    rows = [[*KYIV[:6], "=40+10.45", 30.52, *KYIV[8:]]]
    problems = _refused(app_store, "posts", "posts.xlsx", _xlsx(rows))
    assert problems == (Problem.of(2, "lat", "p_formula"),)
    assert str(problems[0]) == (
        "row 2, column 'lat': holds a formula; the file must hold values only "
        "(copy the cells and paste them as values)"
    )


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(app_store):
    data = _xlsx([], extra_parts=[("xl/media/padding.xml", b"0" * 30_000_000)])
    assert len(data) < 100_000
    problems = _refused(app_store, "posts", "posts.xlsx", data)
    assert problems == (Problem.of(None, None, "p_xlsx_bomb"),)


def test_html_script_and_spreadsheet_formulas_in_text_are_refused(app_store):
    kyiv = [*KYIV[:1], "<script>alert(1)</script>", *KYIV[2:]]
    chisinau = [*CHISINAU[:2], '=HYPERLINK("http://x")', *CHISINAU[3:]]
    problems = _refused(app_store, "posts", "posts.csv", _csv([kyiv, chisinau]).encode("utf-8"))
    assert [(p.row, p.column) for p in problems] == [(2, "name_nl"), (3, "name_en")]
    assert [p.message for p in problems] == [
        "'<script>alert(1)</script>' must not start with = + - @ or contain HTML markup",
        "'=HYPERLINK(\"http://x\")' must not start with = + - @ or contain HTML markup",
    ]


@pytest.mark.parametrize("name", ["../posts.csv", "C:\\Users\\ann\\posts.csv", "/tmp/posts.csv"])
def test_a_file_name_with_a_folder_path_is_refused(app_store, name):
    problems = _refused(app_store, "posts", name, _csv([KYIV]).encode())
    assert len(problems) == 1 and "contains a folder path" in problems[0].message


def test_an_unknown_country_is_reported_with_a_suggestion_and_not_dropped(app_store):
    kyiv = [*KYIV[:5], "Oekrane", *KYIV[6:]]
    problems = _refused(app_store, "posts", "posts.csv", _csv([kyiv, CHISINAU]).encode())
    assert [str(p) for p in problems] == [
        "row 2, column 'iso3': 'Oekrane' is not a country name or code we know; "
        "did you mean Oekraïne (UKR)?"
    ]
    assert problems[0].text("nl") == (
        "'Oekrane' is geen landnaam of -code die we kennen; bedoelt u Oekraïne (UKR)?"
    )


def test_names_people_type_are_read_as_their_country_on_upload(app_store):
    rows = [
        [*KYIV[:5], name, *KYIV[6:]]
        for name in ("Wit-Rusland", "Curacao", "Saba", "Gaza", "Oekraine")
    ]
    rows = [[f"post_{i}", *row[1:]] for i, row in enumerate(rows)]
    checked = _read("posts.csv", _csv(rows).encode())
    assert checked.problems == ()
    assert list(checked.frame["iso3"]) == ["BLR", "CUW", "BES", "PSE", "UKR"]


def test_a_wrong_value_is_reported_with_row_and_column(app_store):
    chisinau = [*CHISINAU[:3], "castle", *CHISINAU[4:]]
    problems = _refused(app_store, "posts", "posts.csv", _csv([KYIV, chisinau]).encode())
    assert [(p.row, p.column) for p in problems] == [(3, "type")]
    assert problems[0].message.startswith("'castle' must be one of: embassy")


def test_an_unreadable_workbook_is_refused_and_nothing_changes(app_store):
    problems = _refused(app_store, "posts", "posts.xlsx", b"PK\x03\x04 not really a zip")
    assert problems == (Problem.of(None, None, "p_xlsx_invalid"),)


def test_check_frame_does_not_modify_its_input():
    raw = pd.DataFrame([KYIV], columns=POSTS_HEADER)
    before = raw.copy()
    typed, problems = ingest.check_frame("posts", raw, known_iso3={"UKR"})
    assert problems == [] and typed.loc[0, "iso3"] == "UKR"
    pd.testing.assert_frame_equal(raw, before)


# -- preview ------------------------------------------------------------------------------------
def test_the_preview_lists_rows_added_removed_changed_and_the_countries_affected():
    old = pd.DataFrame(
        {"post_id": ["a", "b", "c"], "iso3": ["UKR", "MDA", "ARM"], "lat": [1.0, 2.0, 3.0]}
    )
    new = pd.DataFrame(
        {"post_id": ["a", "c", "d"], "iso3": ["UKR", "GEO", "ISR"], "lat": [1.5, 3.0, 4.0]}
    )
    old_before, new_before = old.copy(), new.copy()
    p = diff.preview("posts", old, new)
    assert p.added.to_dict("list") == {"post_id": ["d"], "iso3": ["ISR"], "lat": [4.0]}
    assert p.removed.to_dict("list") == {"post_id": ["b"], "iso3": ["MDA"], "lat": [2.0]}
    assert p.changed.to_dict("records") == [
        {"post_id": "c", "column": "iso3", "old": "ARM", "new": "GEO"},
        {"post_id": "a", "column": "lat", "old": "1", "new": "1.5"},
    ]
    assert p.countries == ("ARM", "GEO", "ISR", "MDA", "UKR")
    assert p.summary() == {"added": 1, "removed": 1, "changed": 2, "countries": 5}
    pd.testing.assert_frame_equal(old, old_before)
    pd.testing.assert_frame_equal(new, new_before)


def test_the_preview_keys_aid_themes_by_country_group_and_theme():
    old = pd.DataFrame(
        {
            "iso3": ["UKR", None],
            "group": [None, "global"],
            "theme": ["water", "water"],
            "description_en": ["x", "y"],
        }
    )
    new = pd.DataFrame(
        {
            "iso3": [None, "UKR"],
            "group": ["global", None],
            "theme": ["water", "health"],
            "description_en": ["y2", "z"],
        }
    )
    p = diff.preview("aid_themes", old, new)
    assert (len(p.added), len(p.removed)) == (1, 1)
    assert p.changed[["group", "column", "old", "new"]].to_dict("records") == [
        {"group": "global", "column": "description_en", "old": "y", "new": "y2"}
    ]
    assert p.countries == ("UKR",)


def test_the_preview_of_a_new_dataset_lists_every_row_as_added():
    new = pd.DataFrame({"iso3": ["UKR", "MDA"], "gdp": [1.0, 2.0]})
    p = diff.preview("gdp", None, new)
    assert p.summary() == {"added": 2, "removed": 0, "changed": 0, "countries": 2}
