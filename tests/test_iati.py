"""The IATI activity importer (issue #15), on small IATI 2.03 files written by each test.

The XML follows the IATI 2.03 activity schema; the organisations, amounts and identifiers
are made up for the tests and are not facts about Dutch aid.
"""

from __future__ import annotations

import ast
import csv
import io
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from iati_xml import HEAD, activity, publication, tx

from dashboard.domain import contracts
from dashboard.ingest import iati

ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "src" / "dashboard" / "ingest" / "iati.py"


def run(data: bytes, **kwargs):
    return iati.parse(io.BytesIO(data), **kwargs)


def problem_elements(result) -> list[tuple[str, str]]:
    return [(note.ident, note.element) for note in result.problems]


def codes(notes) -> list[str]:
    return [note.code for note in notes]


# --- the two tables ----------------------------------------------------------------------


def test_an_activity_becomes_one_row_with_titles_orgs_status_dates_and_link():
    link = (
        '<document-link url="https://openaid.nl/projects/XM-DAC-7-TEST-1" '
        'format="text/html"><title><narrative>Openaid</narrative></title>'
        '<category code="A12"/></document-link>'
    )
    result = run(publication(activity(body=tx() + link), activity("XM-DAC-7-TEST-2")))
    assert result.complete and result.problems == [] and result.version == "2.03"
    first, second = result.activities.to_dict("records")
    assert first["iati_identifier"] == "XM-DAC-7-TEST-1"
    assert (first["title_nl"], first["title_en"]) == ("Schoon water", "Clean water")
    assert first["reporting_org"] == "XM-DAC-7"
    assert first["participating_orgs"] == "Ministerie;XI-TEST-9"
    assert first["activity_status"] == "2" and first["hierarchy"] == 1
    assert first["start_date"] == pd.Timestamp("2023-02-15")  # actual start beats planned
    assert first["end_date"] == pd.Timestamp("2026-12-31")  # no actual end: the planned one
    assert first["link"] == "https://openaid.nl/projects/XM-DAC-7-TEST-1"
    assert pd.isna(second["link"])  # no document-link: no link is made up
    assert first["last_updated"] == "2025-05-01" and result.generated == "2025-01-01"
    assert list(result.activities.columns) == iati.ACTIVITY_COLUMNS
    assert list(result.flows.columns) == iati.FLOW_COLUMNS


def test_transaction_types_2_3_4_are_commitment_disbursement_expenditure_and_others_skipped():
    body = tx("1", "5") + tx("2", "100") + tx("3", "40") + tx("4", "10") + tx("11", "7")
    result = run(publication(activity(body=body)))
    flows = result.flows
    assert flows["flow_type"].tolist() == ["commitment", "disbursement", "expenditure"]
    assert flows["value"].tolist() == [100, 40, 10]
    assert flows["year"].tolist() == [2024] * 3
    assert flows["iso3"].tolist() == ["MLI"] * 3 and flows["dac_sector"].tolist() == ["14030"] * 3
    assert result.problems == [] and result.warnings == []


def test_the_activity_percentages_split_each_transaction_across_places_and_sectors():
    places = (
        '<recipient-country code="ML" percentage="60"/>'
        '<recipient-region code="289" vocabulary="1" percentage="40"/>'
    )
    sectors = (
        '<sector code="14030" vocabulary="1" percentage="75"/>'
        '<sector code="31120" vocabulary="1" percentage="25"/>'
        '<sector code="7" vocabulary="99" percentage="100"><narrative>Eigen</narrative>'
        "</sector>"
    )
    result = run(publication(activity(body=tx("3", "1000"), places=places, sectors=sectors)))
    flows = result.flows.set_index(["iso3", "region_code", "dac_sector"], drop=False)
    got = {
        (r.iso3 if isinstance(r.iso3, str) else r.region_code, r.dac_sector): r.value
        for r in result.flows.itertuples()
    }
    assert got == {
        ("MLI", "14030"): 450,
        ("MLI", "31120"): 150,
        ("289", "14030"): 300,
        ("289", "31120"): 100,
    }
    assert flows["value"].sum() == pytest.approx(1000)
    # regional money stays regional: exactly one of iso3 and region_code on every row
    assert (result.flows["iso3"].isna() ^ result.flows["region_code"].isna()).all()


def test_a_transactions_own_recipient_and_sector_win_over_the_activitys():
    own = '<sector code="12220" vocabulary="1"/><recipient-country code="NE"/>'
    region = '<recipient-region code="298" vocabulary="1"/>'
    body = tx("3", "500", extra=own) + tx("3", "200", extra=region)
    places = (
        '<recipient-country code="ML" percentage="50"/>'
        '<recipient-country code="BF" percentage="50"/>'
    )
    result = run(publication(activity(body=body, places=places)))
    rows = result.flows[["iso3", "region_code", "dac_sector", "value"]].astype(object)
    rows = rows.where(rows.notna(), None).values.tolist()
    assert rows == [["NER", None, "12220", 500], [None, "298", "14030", 200]]


def test_dac_3_digit_sectors_are_used_when_there_are_no_5_digit_ones():
    sectors = (
        '<sector code="140" vocabulary="2" percentage="50"/>'
        '<sector code="311" vocabulary="2" percentage="50"/>'
    )
    result = run(publication(activity(body=tx("2", "80"), sectors=sectors)))
    assert sorted(result.flows["dac_sector"]) == ["140", "311"]
    assert result.flows["value"].tolist() == [40, 40]


def test_percentages_under_100_warn_and_leave_the_rest_unallocated():
    places = (
        '<recipient-country code="ML" percentage="50"/>'
        '<recipient-country code="BF" percentage="40"/>'
    )
    result = run(publication(activity(body=tx("3", "1000"), places=places)))
    assert result.problems == []
    assert result.flows["value"].sum() == pytest.approx(900)
    (warning,) = result.warnings
    assert (warning.ident, warning.element, warning.code) == (
        "XM-DAC-7-TEST-1",
        "recipient-country",
        "iati_w_under_100",
    )
    assert warning.params == {"total": "90", "rest": "10"}


def test_rounded_thirds_count_as_100():
    places = "".join(
        f'<recipient-country code="{c}" percentage="33.33"/>' for c in ("ML", "BF", "NE")
    )
    result = run(publication(activity(body=tx("3", "300"), places=places)))
    assert result.warnings == [] and result.problems == []


@pytest.mark.parametrize(
    "places, sectors, element",
    [
        (
            '<recipient-country code="ML" percentage="80"/>'
            '<recipient-region code="289" vocabulary="1" percentage="30"/>',
            None,
            "recipient-country",
        ),
        (
            None,
            '<sector code="14030" percentage="70"/><sector code="31120" percentage="70"/>',
            "sector",
        ),
        (
            '<recipient-country code="ML" percentage="50"/><recipient-country code="BF"/>',
            None,
            "recipient-country",
        ),
        ('<recipient-country code="ML" percentage="-5"/>', None, "recipient-country"),
    ],
)
def test_percentages_above_100_or_missing_or_out_of_range_refuse_the_activity(
    places, sectors, element
):
    kwargs = {k: v for k, v in (("places", places), ("sectors", sectors)) if v}
    result = run(publication(activity("XM-DAC-7-BAD", body=tx(), **kwargs), activity(body=tx())))
    assert problem_elements(result) == [("XM-DAC-7-BAD", element)]
    assert result.activities["iati_identifier"].tolist() == ["XM-DAC-7-TEST-1"]
    assert set(result.flows["iati_identifier"]) == {"XM-DAC-7-TEST-1"}


def test_regions_of_other_vocabularies_are_not_forced_into_the_split():
    places = (
        '<recipient-country code="ML" percentage="100"/>'
        '<recipient-region code="002" vocabulary="2" percentage="100"/>'
    )
    result = run(publication(activity(body=tx("3", "10"), places=places)))
    assert result.flows["iso3"].tolist() == ["MLI"] and result.flows["value"].tolist() == [10]
    assert [(w.element, w.code) for w in result.warnings] == [
        ("recipient-region", "iati_w_region_vocabulary")
    ]
    assert result.warnings[0].params == {"code": "002", "vocabulary": "2"}


def test_iso2_codes_become_iso3_and_the_country_map_can_be_supplied():
    body = tx("3", "10", extra='<recipient-country code="XK"/>') + tx("3", "5")
    result = run(publication(activity(body=body)))
    assert result.flows["iso3"].tolist() == ["MLI"]  # pycountry does not know Kosovo
    assert [(w.element, w.code, w.params) for w in result.warnings] == [
        ("recipient-country", "iati_w_unknown_country", {"code": "XK"})
    ]

    def map_codes(alpha2: str) -> str | None:
        return {"XK": "XKX"}.get(alpha2) or iati.pycountry_alpha3(alpha2)

    result = run(publication(activity(body=body)), country_code=map_codes)
    assert result.flows["iso3"].tolist() == ["XKX", "MLI"] and result.warnings == []


def test_no_recipient_anywhere_refuses_the_transactions_and_names_the_activity():
    result = run(publication(activity(body=tx() + tx(), places="")))
    assert problem_elements(result) == [("XM-DAC-7-TEST-1", "recipient-country")]
    assert result.problems[0].code == "iati_p_no_recipient"
    assert result.problems[0].params == {"count": 2} and result.flows.empty


# --- currencies --------------------------------------------------------------------------


def test_a_transaction_currency_beats_the_default_and_eur_is_only_filled_when_known():
    body = tx("3", "100") + tx("3", "50", currency="USD")
    result = run(publication(activity(body=body)))
    flows = result.flows
    assert flows["currency"].tolist() == ["EUR", "USD"]
    assert flows["value_eur"].iloc[0] == 100 and pd.isna(flows["value_eur"].iloc[1])

    seen = []

    def rate(currency: str, value_date: str) -> float | None:
        seen.append((currency, value_date))
        return 0.9

    result = run(publication(activity(body=body)), eur_rate=rate)
    assert result.flows["value_eur"].tolist() == [100, 45] and seen == [("USD", "2024-03-01")]
    # the rate is asked for the value's own date, which may differ from the transaction's
    earlier = body.replace('value-date="2024-03-01">50', 'value-date="2024-02-28">50')
    seen.clear()
    run(publication(activity(body=earlier)), eur_rate=rate)
    assert seen == [("USD", "2024-02-28")]


def test_totals_never_add_up_different_currencies():
    body = tx("3", "100") + tx("3", "50", currency="USD") + tx("3", "25")
    result = run(publication(activity(body=body)))
    totals = iati.totals(result.flows, ["iso3", "flow_type"])
    got = {row.currency: (row.value, row.value_eur) for row in totals.itertuples()}
    assert got["EUR"] == (125, 125)
    assert got["USD"][0] == 50 and pd.isna(got["USD"][1])


@pytest.mark.parametrize(
    "currency, default, code, params",
    [
        ("EURO", "EUR", "iati_p_currency", {"currency": "EURO"}),
        ("XYZ", "EUR", "iati_p_currency", {"currency": "XYZ"}),
        (None, "", "iati_p_no_currency", {}),
    ],
)
def test_an_unknown_or_missing_currency_refuses_the_transaction(currency, default, code, params):
    body = tx("3", "7", currency=currency) + tx("3", "9", currency="EUR")
    result = run(publication(activity(body=body, currency=default)))
    assert problem_elements(result) == [("XM-DAC-7-TEST-1", "transaction/value")]
    assert result.problems[0].code == code
    assert result.problems[0].params == {"line": 2, **params}  # the line of the transaction
    assert result.flows["value"].tolist() == [9]


def test_an_unknown_default_currency_refuses_the_activity():
    result = run(publication(activity(body=tx(), currency="E")))
    assert problem_elements(result) == [("XM-DAC-7-TEST-1", "default-currency")]
    assert result.problems[0].params == {"currency": "E"} and result.activities.empty


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "transaction, element, code",
    [
        (tx("3", ""), "transaction/value", "iati_p_value"),
        (tx("3", "1.000,50"), "transaction/value", "iati_p_value"),
        (
            tx("3", "10", day="2024-13-01"),
            "transaction/transaction-date",
            "iati_p_transaction_date",
        ),
        (tx("X", "10"), "transaction/transaction-type", "iati_p_transaction_type"),
        (
            tx("3", "10", extra='<recipient-country code="ML"/><recipient-region code="289"/>'),
            "transaction/recipient-region",
            "iati_p_two_recipients",
        ),
        (
            tx("3", "10", extra='<sector code="14030"/><sector code="12220"/>'),
            "transaction/sector",
            "iati_p_two_sectors",
        ),
    ],
)
def test_a_bad_transaction_is_refused_and_named_while_the_rest_is_kept(transaction, element, code):
    result = run(publication(activity(body=transaction + tx("3", "5"))))
    assert problem_elements(result) == [("XM-DAC-7-TEST-1", element)]
    assert codes(result.problems) == [code] and result.problems[0].params["line"] == 2
    assert result.flows["value"].tolist() == [5] and result.complete


def test_a_value_element_without_a_number_is_refused_with_what_it_held():
    body = '<transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-01"/>'
    body += "</transaction>" + tx("3", "1.000,50")
    result = run(publication(activity(body=body)))
    assert [n.params for n in result.problems] == [
        {"value": "", "line": 2},
        {"value": "1.000,50", "line": 2},
    ]


def test_a_negative_value_is_a_correction_kept_in_the_net_total_and_reported():
    body = tx("3", "1000") + tx("3", "-250", day="2024-09-01") + tx("3", "-40", day="2025-01-10")
    result = run(publication(activity(body=body)))
    assert result.problems == [] and result.complete
    assert result.flows[["year", "value"]].values.tolist() == [[2024, 750], [2025, -40]]
    assert [(w.ident, w.element, w.code, w.params) for w in result.warnings] == [
        ("XM-DAC-7-TEST-1", "transaction/value", "iati_w_negative", {"value": "-250", "line": 2}),
        ("XM-DAC-7-TEST-1", "transaction/value", "iati_w_negative", {"value": "-40", "line": 2}),
    ]


def test_transactions_are_summed_per_place_year_sector_type_and_currency():
    body = (
        tx("3", "100", day="2024-01-15")
        + tx("3", "50", day="2024-06-30")
        + tx("3", "7", day="2025-02-01")
        + tx("4", "3", day="2024-03-01")
        + tx("3", "20", day="2024-04-01", currency="USD")
        + tx("3", "30", day="2024-05-01", extra='<recipient-country code="NE"/>')
    )
    result = run(publication(activity(body=body)))
    got = result.flows[["iso3", "year", "flow_type", "currency", "value"]].values.tolist()
    assert got == [
        ["MLI", 2024, "disbursement", "EUR", 150],
        ["MLI", 2025, "disbursement", "EUR", 7],
        ["MLI", 2024, "expenditure", "EUR", 3],
        ["MLI", 2024, "disbursement", "USD", 20],
        ["NER", 2024, "disbursement", "EUR", 30],
    ]


def test_a_sum_in_euros_is_blank_when_any_part_has_no_rate():
    body = tx("3", "10", day="2024-01-01", currency="USD")
    body += tx("3", "20", day="2024-02-01", currency="USD")
    rates = {"2024-01-01": 0.9}
    result = run(publication(activity(body=body)), eur_rate=lambda c, d: rates.get(d))
    assert result.flows["value"].tolist() == [30] and pd.isna(result.flows["value_eur"].iloc[0])
    rates["2024-02-01"] = 0.5
    result = run(publication(activity(body=body)), eur_rate=lambda c, d: rates.get(d))
    assert result.flows["value_eur"].tolist() == [pytest.approx(19)]


def test_a_missing_identifier_is_refused_with_its_line_and_a_duplicate_is_refused():
    result = run(publication(activity(""), activity("A-1"), activity("A-1")))
    assert problem_elements(result) == [("", "iati-identifier"), ("A-1", "iati-identifier")]
    assert codes(result.problems) == ["iati_p_no_identifier", "iati_p_duplicate"]
    assert result.problems[0].params == {"line": 2}
    assert result.activities["iati_identifier"].tolist() == ["A-1"]


def test_malformed_xml_is_refused_with_its_line_and_the_import_marked_incomplete():
    data = publication(activity("A-1", body=tx()), "\n\n<iati-activity><broken></iati-activity>")
    result = run(data)
    assert not result.complete
    assert problem_elements(result) == [("", "xml")] and codes(result.problems) == [
        "iati_p_malformed"
    ]
    assert result.problems[0].params["line"] == 4 and result.problems[0].params["reason"]
    # What was read before the error (whole chunks of the stream) stays, marked incomplete.
    before = [activity(f"A-{i}", body=tx()) for i in range(300)]
    result = run(publication(*before, "<iati-activity><broken></iati-activity>"))
    assert not result.complete and 0 < len(result.activities) <= 300


@pytest.mark.parametrize(
    "data, code, params",
    [
        (
            b'<?xml version="1.0"?><iati-organisations version="2.03"/>',
            "iati_p_root",
            {"tag": "iati-organisations"},
        ),
        (publication(activity(), version="1.05"), "iati_p_version", {"version": "1.05"}),
        (publication(activity(), version=""), "iati_p_version", {"version": ""}),
        (b"", "iati_p_no_root", {}),
    ],
)
def test_other_roots_and_versions_before_2_01_are_refused(data, code, params):
    result = run(data)
    assert not result.complete and result.activities.empty
    assert [(n.code, n.params) for n in result.problems] == [(code, params)]


def test_versions_2_01_and_2_02_are_read_and_a_newer_one_warns():
    for version in ("2.01", "2.02"):
        assert run(publication(activity(body=tx()), version=version)).flows["value"].sum() == 1000
    result = run(publication(activity(body=tx()), version="2.04"))
    assert result.complete and [(w.element, w.code) for w in result.warnings] == [
        ("iati-activities", "iati_w_newer_version")
    ]


def test_a_billion_laughs_is_refused_not_expanded():
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    head = HEAD + f"<!DOCTYPE iati-activities [{entities}]>\n"
    for body in ("&a9;", ""):  # in a text node, and in an attribute
        data = publication(activity(f"A-1{body}", body=tx()), head=head)
        if not body:
            data = data.replace(b'version="2.03"', b'version="2.03" note="&a9;"')
        started = time.perf_counter()
        result = run(data)
        assert time.perf_counter() - started < 2
        assert not result.complete and result.activities.empty
        assert problem_elements(result) == [("", "iati-activities")]
        assert codes(result.problems) == ["iati_p_dtd"]


def test_an_external_entity_is_refused_and_never_read():
    head = HEAD + '<!DOCTYPE iati-activities [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    result = run(publication(activity("A-&x;", body=tx()), head=head))
    assert not result.complete and result.activities.empty
    assert codes(result.problems) == ["iati_p_dtd"] and "root:" not in str(result.problems)


def test_limits_on_bytes_activities_and_the_number_of_problems_kept():
    many = publication(*(activity(f"A-{i}", body=tx()) for i in range(500)))
    too_big = run(many, limits=iati.Limits(max_bytes=len(many) // 2))
    assert not too_big.complete and too_big.problems[-1].code == "iati_p_too_large"
    assert 0 < len(too_big.activities) < 500
    too_many = run(many, limits=iati.Limits(max_activities=10))
    assert not too_many.complete and len(too_many.activities) == 10
    assert too_many.problems[-1] == ("", "iati-activities", "iati_p_too_many", {"limit": 10})
    bad = publication(activity(body="".join(tx("X", "1") for _ in range(12))))
    result = run(bad, limits=iati.Limits(max_problems=5))
    assert len(result.problems) == 5 and result.problem_count == 12 and result.complete


def test_a_path_and_a_large_file_are_read_in_a_stream(tmp_path):
    path = tmp_path / "activities.xml"
    path.write_bytes(publication(*(activity(f"A-{i}", body=tx() * 3) for i in range(2000))))
    result = iati.parse(path)
    # three disbursements of the same year and place: one flow each
    assert result.complete and len(result.activities) == 2000 and len(result.flows) == 2000
    assert result.flows["value"].sum() == 6_000_000


# --- the module's boundaries and the theme table -----------------------------------------


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] not in sys.stdlib_module_names}


def test_the_importer_imports_only_pandas_lxml_pycountry_and_its_own_rules():
    assert _imports(MODULE) == {"pandas", "lxml", "dashboard.ingest.iati_rules"}
    assert _imports(MODULE.with_name("iati_rules.py")) == {"pandas", "pycountry"}


def test_dac_themes_maps_dac_codes_to_the_programmes_themes_with_sources():
    with (ROOT / "data" / "dac_themes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "dac_code",
        "theme",
        "source",
        "source_url",
        "source_date",
        "consulted_on",
    ]
    codes = [row["dac_code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(code.isdigit() and len(code) in (3, 5) for code in codes)
    # Every theme of the aid-themes contract is reached by some DAC code, and no other.
    assert {row["theme"] for row in rows} == set(contracts.AID_THEMES)
    assert all(row["source"] and row["source_url"].startswith("https://") for row in rows)
    assert all("dashboard" in row["source"] for row in rows)  # the theme is our choice
    by_code = {row["dac_code"]: row["theme"] for row in rows}
    assert by_code["14030"] == "water" and by_code["72010"] == "humanitarian"
    assert by_code["15190"] == "migration" and by_code["13020"] == "srhr"


@pytest.mark.parametrize(
    "sectors, extra, element, params",
    [
        ('<sector code="1403O" vocabulary="1"/>', "", "sector", {"code": "1403O"}),
        ('<sector code="14030" vocabulary="2"/>', "", "sector", {"code": "14030"}),
        (
            '<sector code="14030"/>',
            '<recipient-region code="South" vocabulary="1"/>',
            "transaction/recipient-region",
            {"code": "South"},
        ),
        ('<sector code="14030"/>', '<sector code="14O30"/>', "transaction/sector", {}),
    ],
)
def test_sector_and_region_codes_that_are_not_oecd_dac_codes_are_refused(
    sectors, extra, element, params
):
    result = run(publication(activity("A-1", body=tx(extra=extra), sectors=sectors)))
    assert problem_elements(result) == [("A-1", element)]
    assert params.items() <= result.problems[0].params.items()
    assert result.problems[0].code in ("iati_p_sector_code", "iati_p_region_code")
