"""Development aid from IATI (issue #15): the import service, the datasets, the aid layer.

Every file is written by the test from the IATI 2.03 activity schema (tests/iati_xml.py);
amounts and identifiers are made up and are not facts about Dutch aid.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from iati_xml import HEAD, activity, publication, tx

from dashboard.domain import aid as aid_domain
from dashboard.domain import contracts
from dashboard.domain.citations import region_documents
from dashboard.maps import aid_layer, layers
from dashboard.maps.aid_layer import AidChoice
from dashboard.services import aid
from dashboard.storage import bundled, datasets
from dashboard.text import i18n

pytest_plugins = ["db_fixtures"]
ROOT = Path(__file__).resolve().parents[1]
TWO_PLACES = (
    '<recipient-country code="ML" percentage="60"/>'
    '<recipient-region code="289" vocabulary="1" percentage="40"/>'
)
TWO_SECTORS = (
    '<sector code="14030" vocabulary="1" percentage="75"/>'
    '<sector code="31161" vocabulary="1" percentage="25"/>'
)


def known_codes() -> frozenset[str]:
    return frozenset(pd.read_csv(ROOT / "geo" / "names.csv", dtype=str)["iso3"])


@pytest.fixture(autouse=True)
def _map_codes(monkeypatch):
    monkeypatch.setattr(datasets, "known_iso3", known_codes)


def imported(*files: bytes, names=None) -> aid.Imported:
    names = names or [f"file{i}.xml" for i in range(len(files))]
    return aid.read([(n, io.BytesIO(f)) for n, f in zip(names, files, strict=True)])


def codes(found: list[aid.Found]) -> list[tuple[str, str, str]]:
    return [(f.note.ident, f.note.element, f.note.code) for f in found]


# --- the import: arithmetic, themes, sources ---------------------------------------------


def test_percentages_split_a_disbursement_and_each_sector_gets_its_theme():
    body = tx("3", "1000") + tx("2", "5000", day="2024-01-01")
    result = imported(publication(activity(body=body, places=TWO_PLACES, sectors=TWO_SECTORS)))
    assert result.ok and result.problems == [] and result.warnings == []
    flows = result.flows
    got = {
        (r.iso3 if isinstance(r.iso3, str) else r.region_code, r.dac_sector, r.flow_type): (
            r.theme,
            r.value,
        )
        for r in flows.itertuples()
    }
    assert got[("MLI", "14030", "disbursement")] == ("water", 450)
    assert got[("MLI", "31161", "disbursement")] == ("food_security", 150)
    assert got[("289", "14030", "disbursement")] == ("water", 300)
    assert got[("289", "31161", "commitment")] == ("food_security", 500)
    assert flows.loc[flows["flow_type"] == "disbursement", "value"].sum() == pytest.approx(1000)
    # regional money stays regional: exactly one of iso3 and region_code on every row
    assert (flows["iso3"].isna() ^ flows["region_code"].isna()).all()
    assert sorted(flows.columns) == sorted(contracts.CONTRACTS["aid_flows"].columns)


def test_a_transactions_own_country_and_sector_win_and_the_theme_follows_its_sector():
    own = '<sector code="12220" vocabulary="1"/><recipient-country code="NE"/>'
    result = imported(publication(activity(body=tx("3", "80", extra=own), places=TWO_PLACES)))
    (row,) = result.flows.to_dict("records")
    assert (row["iso3"], row["dac_sector"], row["theme"], row["value"]) == (
        "NER",
        "12220",
        "health",
        80,
    )


def test_a_sector_without_its_own_row_takes_its_categorys_theme_and_others_stay_unassigned():
    themes = pd.DataFrame({"dac_code": ["140", "14030", "311"], "theme": ["water", "x", "food"]})
    sectors = pd.Series(["14030", "14081", "31199", "99810", None])
    assert aid_domain.theme_of(sectors, themes).tolist() == ["x", "water", "food", None, None]


def test_the_theme_table_covers_the_bench_and_test_sectors_from_the_bundled_file():
    themes = bundled.load_dac_themes()
    got = aid_domain.theme_of(pd.Series(["14030", "15190", "72010", "99810"]), themes)
    assert got.tolist() == ["water", "migration", "humanitarian", None]


def test_several_currencies_stay_apart_in_the_flows_and_the_summary():
    body = tx("3", "100") + tx("3", "40", currency="USD") + tx("3", "7", currency="GBP")
    result = imported(publication(activity(body=body)))
    flows = result.flows.set_index("currency")
    assert flows.loc["EUR", "value_eur"] == 100
    assert flows.loc["USD", "value"] == 40 and pd.isna(flows.loc["USD", "value_eur"])
    summary = aid_domain.summary(result.flows)
    assert sorted(summary["currency"]) == ["EUR", "GBP", "USD"]
    per = aid_domain.per_place(summary, 2024).loc["MLI"]
    assert per["eur"] == 100 and per["other"] == {"GBP": 7, "USD": 40}


def test_source_date_is_the_activitys_update_else_the_files_date():
    first = activity("A-1", body=tx())
    second = activity("A-2", body=tx(), updated=None)
    result = imported(publication(first, second, generated="2025-03-04T05:06:07"))
    assert result.activities["source_date"].tolist() == ["2025-05-01", "2025-03-04"]
    assert result.activities["source"].tolist() == ["IATI XM-DAC-7 (file0.xml)"] * 2
    undated = imported(publication(second, generated=None))
    assert not undated.ok
    assert codes(undated.problems) == [("A-2", "last-updated-datetime", "iati_p_no_date")]


def test_formula_characters_and_markup_are_removed_from_titles_and_reported():
    result = imported(publication(activity(body=tx(), title="=&lt;b&gt;Water&lt;/b&gt; voor Mali")))
    assert result.ok and result.activities["title_nl"].tolist() == ["Water voor Mali"]
    assert codes(result.warnings) == [("XM-DAC-7-TEST-1", "title_nl", "iati_w_cleaned")]


def test_kosovo_is_placed_on_the_maps_unit_and_a_code_not_on_the_map_is_reported():
    body = tx("3", "5", extra='<recipient-country code="XK"/>')
    body += tx("3", "6", extra='<recipient-country code="ZZ"/>')
    result = imported(publication(activity(body=body)))
    assert result.ok and result.flows["iso3"].tolist() == ["XKX"]
    assert [(f.note.code, f.note.params) for f in result.warnings] == [
        ("iati_w_unknown_country", {"code": "ZZ"})
    ]


def test_negative_values_are_corrections_counted_net_and_reported_not_refused():
    body = tx("3", "1000") + tx("3", "-300", day="2024-11-01")
    result = imported(publication(activity(body=body)))
    assert result.ok and result.flows["value"].tolist() == [700]
    assert codes(result.warnings) == [("XM-DAC-7-TEST-1", "transaction/value", "iati_w_negative")]


# --- refusals: nothing is published ------------------------------------------------------

BOMB = (
    HEAD
    + "<!DOCTYPE iati-activities ["
    + '<!ENTITY a0 "ha">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + "]>\n"
)


@pytest.mark.parametrize(
    "data, where",
    [
        (
            publication(activity("A-1", body=tx()), "<iati-activity><broken></iati-activity>"),
            ("", "xml", "iati_p_malformed"),
        ),
        (
            publication(activity("A-1&a9;", body=tx()), head=BOMB),
            ("", "iati-activities", "iati_p_dtd"),
        ),
        (
            b'<?xml version="1.0"?><iati-organisations version="2.03"/>',
            ("", "iati-activities", "iati_p_root"),
        ),
        (
            publication(activity("A-1", body=tx("3", "5", currency="EURO"))),
            ("A-1", "transaction/value", "iati_p_currency"),
        ),
        (
            publication(activity("A-1", body=tx("3", ""))),
            ("A-1", "transaction/value", "iati_p_value"),
        ),
        (
            publication(
                activity(
                    "A-1",
                    body=tx(),
                    places='<recipient-country code="ML" percentage="80"/>'
                    '<recipient-country code="NE" percentage="30"/>',
                )
            ),
            ("A-1", "recipient-country", "iati_p_percentages_above"),
        ),
        (
            publication(activity("A-1", body=tx(), sectors='<sector code="1403O"/>')),
            ("A-1", "sector", "iati_p_sector_code"),
        ),
    ],
    ids=[
        "malformed",
        "xml-bomb",
        "not-iati",
        "unknown-currency",
        "missing-value",
        "above-100",
        "not-a-dac-code",
    ],
)
def test_every_refusal_names_the_activity_and_element_and_nothing_is_published(
    app_store, data, where
):
    good = aid.read([("good.xml", io.BytesIO(publication(activity("G-1", body=tx()))))])
    before = aid.publish_as("ann", good, "the first import", st=app_store)
    result = aid.read([("bad.xml", io.BytesIO(data))])
    assert not result.ok and result.activities is None and result.flows is None
    assert codes(result.problems)[:1] == [where]
    with pytest.raises(ValueError, match="The file has problems"):
        aid.publish_as("ann", result, "must not happen", st=app_store)
    after = [app_store.active(name) for name in contracts.AID_DATASETS]
    assert [v.id for v in after] == [v.id for v in before]


def test_an_activity_in_two_files_of_one_import_is_refused():
    first = publication(activity("A-1", body=tx()))
    result = imported(first, first, names=["a.xml", "b.xml"])
    assert codes(result.problems) == [("A-1", "iati-identifier", "iati_p_duplicate_file")]
    assert result.problems[0].file == "b.xml"


def test_every_note_code_is_in_both_catalogues_and_says_its_values():
    sources = [
        ROOT / "src" / "dashboard" / "ingest" / "iati.py",
        ROOT / "src" / "dashboard" / "ingest" / "iati_rules.py",
        ROOT / "src" / "dashboard" / "services" / "aid.py",
    ]
    found = set()
    for path in sources:
        found |= set(re.findall(r'"(iati_[pw]_[a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert len(found) >= 30
    for lang in i18n.LANGUAGES:
        assert found <= set(i18n.catalogue(lang)["text"]), found - set(i18n.catalogue(lang)["text"])
    bad = publication(activity("A-1", body=tx("3", "5", currency="XYZ")))
    result = imported(bad)
    assert aid.describe(result.problems[0], "nl") == (
        "file0.xml · A-1 · transaction/value: valuta 'XYZ' is geen ISO 4217-code "
        "(transactie op regel 2); geweigerd"
    )
    assert aid.describe(result.problems[0], "en").endswith(
        "currency 'XYZ' is not an ISO 4217 code (transaction at line 2); refused"
    )


# --- publishing, storing, loading ---------------------------------------------------------


def test_an_import_publishes_both_datasets_with_one_sha_audit_and_history(store):
    data = publication(activity(body=tx("3", "1000"), places=TWO_PLACES))
    result = aid.read([("bz.xml", io.BytesIO(data))])
    first, second = aid.publish_as("ann", result, "IATI juni", st=store)
    assert (first.dataset, second.dataset) == contracts.AID_DATASETS
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert (first.file_name, first.note, first.user) == ("bz.xml", "IATI juni", "ann")
    published = [e.dataset for e in store.audit_entries(action="publish")]
    assert sorted(published) == sorted(contracts.AID_DATASETS)
    loaded = aid.load(store)
    assert loaded is not None and loaded.consistent
    stored = datasets.load_from(store, "aid_flows")
    pd.testing.assert_frame_equal(
        stored.astype(object).where(stored.notna(), None),
        result.flows.astype(object).where(result.flows.notna(), None),
        check_dtype=False,
    )
    assert loaded.summary.equals(aid_domain.summary(stored))
    again = aid.publish_as("bob", aid.read([("b.xml", io.BytesIO(data + b"\n"))]), "n", st=store)
    store.activate(contracts.AID_DATASETS[0], 1, user="admin")  # one rolled back alone
    assert again[0].version == 2 and not aid.load(store).consistent


def test_a_million_row_payload_is_stored_as_parquet_and_comes_back_typed(store):
    frame = pd.DataFrame({"iso3": ["MLI", None], "value": [1.5, -2.0], "year": [2024, 2025]})
    version = store.publish("aid_flows_test", frame, user="ann", encoding="parquet")
    back = store.rows(version.id)
    assert back["iso3"].tolist()[0] == "MLI" and pd.isna(back["iso3"].tolist()[1])
    assert back["value"].tolist() == [1.5, -2.0] and back["year"].tolist() == [2024, 2025]
    with pytest.raises(ValueError, match="encoding"):
        store.publish("x", frame, user="ann", encoding="pickle")


def test_without_an_import_there_is_no_aid_data(store):
    assert aid.load(store) is None


# --- the aid layer ----------------------------------------------------------------------

UNITS = pd.DataFrame(
    {
        "unit_id": ["MLI", "NER", "BFA", "ABW", "CUW", "SXM", "BQ-BO", "FRA"],
        "iso3": ["MLI", "NER", "BFA", "ABW", "CUW", "SXM", "BES", "FRA"],
        "name_nl": [
            "Mali",
            "Niger",
            "Burkina Faso",
            "Aruba",
            "Curaçao",
            "Sint Maarten",
            "Bonaire",
            "Frankrijk",
        ],
        "name_en": [
            "Mali",
            "Niger",
            "Burkina Faso",
            "Aruba",
            "Curaçao",
            "Sint Maarten",
            "Bonaire",
            "France",
        ],
        "lon": [0.0] * 8,
        "lat": [0.0] * 8,
        "area_deg2": [100.0, 100.0, 20.0, 0.02, 0.04, 0.01, 0.03, 60.0],
    }
)


def _summary() -> pd.DataFrame:
    body = (
        tx("3", "12500000", day="2024-05-01")
        + tx("3", "250000", day="2023-05-01")
        + tx("3", "900", day="2024-06-01", currency="USD")
    )
    niger = tx("3", "700", day="2024-02-01", currency="USD", extra='<recipient-country code="NE"/>')
    burkina = tx("3", "60000000", day="2024-03-01", extra='<recipient-country code="BF"/>')
    health = tx("3", "2000000", extra='<recipient-country code="AW"/><sector code="12220"/>')
    result = imported(
        publication(activity(body=body + niger + burkina + health, places=TWO_PLACES))
    )
    return aid_domain.summary(result.flows)


def _by_category(layer) -> dict[str, list[str]]:
    return {k: sorted(UNITS.loc[layer.category == k, "iso3"]) for k in set(layer.category)}


def test_the_aid_layer_bins_euros_per_country_and_keeps_other_currencies_apart():
    layer = aid_layer.layer(UNITS, AidChoice(_summary(), 2024), "nl")
    assert _by_category(layer) == {
        "b2": ["ABW"],  # 2 mln, the transaction's own country
        "b3": ["MLI"],  # 7.5 mln: 60% of 12.5 mln
        "b5": ["BFA"],
        "other_currency": ["NER"],
        "kingdom": ["BES", "CUW", "SXM"],
        "none": ["FRA"],
    }
    hover = dict(zip(UNITS["iso3"], layer.hover, strict=True))
    assert hover["MLI"] == "€\xa07,5\xa0mln. uitbetaald<br>daarnaast USD 540 (niet omgerekend)"
    assert hover["NER"] == "daarnaast USD 700 (niet omgerekend)"
    assert layer.title == "Ontwikkelingshulp (EUR), uitbetaald in 2024 · alle thema's"
    labels = {e.key: e.label for e in layer.legend}
    assert labels["b1"] == "minder dan €\xa01\xa0mln."
    assert labels["b3"] == "€\xa05\xa0mln. – €\xa020\xa0mln."
    assert labels["b5"] == "€\xa050\xa0mln. of meer"


def test_a_year_and_a_theme_change_what_the_aid_layer_paints():
    summary = _summary()
    earlier = aid_layer.layer(UNITS, AidChoice(summary, 2023), "en")
    assert _by_category(earlier)["b1"] == ["MLI"]  # 60% of 250,000
    assert earlier.title == "Aid (EUR), disbursed in 2023 · all themes"
    health = aid_layer.layer(UNITS, AidChoice(summary, 2024, "health"), "en")
    assert _by_category(health)["b2"] == ["ABW"] and "MLI" in _by_category(health)["none"]
    newest = aid_layer.layer(UNITS, AidChoice(summary), "en")  # no year: the newest
    assert newest.title.endswith("2024 · all themes")


def test_regional_money_is_listed_as_regions_and_painted_on_no_country():
    per = aid_domain.per_place(_summary(), 2024, place="region_code")
    assert per.index.tolist() == ["289"] and per.loc["289", "eur"] == pytest.approx(5_000_000)
    assert per.loc["289", "other"] == {"USD": pytest.approx(360)}


def test_without_imported_data_the_aid_layer_says_so():
    layer = layers.build(
        layers.AID_EUR, UNITS, members=pd.DataFrame(), region_names={}, region_id=None, lang="en"
    )
    assert set(layer.category) == {"none"}
    assert [e.label for e in layer.legend] == ["no IATI data imported yet"]
    assert set(layer.hover) == {"no IATI data imported yet"}


def test_a_key_with_year_and_theme_builds_that_view_through_the_one_dispatch():
    key = aid_layer.key(2023, "water")
    assert aid_layer.parts(key) == (2023, "water") and aid_layer.parts("aid") is None
    layer = layers.build(
        key,
        UNITS,
        members=pd.DataFrame(),
        region_names={},
        region_id=None,
        lang="nl",
        aid=AidChoice(_summary(), 2024),
    )
    assert layer.title == "Ontwikkelingshulp (EUR), uitbetaald in 2023 · watermanagement"


def test_the_country_profile_tables_answer_per_year_theme_and_activity():
    body = tx("3", "100", day="2023-01-01") + tx("3", "300") + tx("3", "50", currency="USD")
    first = activity("A-1", body=body, sectors=TWO_SECTORS, link="https://openaid.nl/a-1")
    second = activity("A-2", body=tx("3", "5000"), title="Grootste")
    result = imported(publication(first, second))
    summary = aid_domain.summary(result.flows)
    totals = aid_domain.country_totals(summary, "MLI", "disbursement")
    assert totals.to_dict() == {
        "water": {2024: 5225.0, 2023: 75.0},
        "food_security": {2024: 75.0, 2023: 25.0},
        "all": {2024: 5300.0, 2023: 100.0},
    }
    assert list(totals.columns) == ["water", "food_security", "all"]
    other = aid_domain.other_currencies(summary, "MLI")
    assert other.values.tolist() == [[2024, "disbursement", "USD", 50.0]]
    per = aid_domain.per_activity(result.flows)
    top = aid_domain.largest_activities(per, result.activities, "MLI")
    assert top["iati_identifier"].tolist() == ["A-2", "A-1"] and top["eur"].tolist() == [5000, 400]
    assert top["other"].tolist() == [{}, {"USD": 50.0}]
    assert top["link"].tolist()[1] == "https://openaid.nl/a-1"
    sectors = aid_domain.country_sectors(result.flows)
    used = aid_domain.mapping_used(sectors, "MLI", bundled.load_dac_themes())
    assert used.values.tolist() == [
        ["14030", "water", "14030"],
        ["31161", "food_security", "31161"],
    ]


def test_the_dac_regions_table_names_the_regions_with_its_source():
    regions = bundled.load_dac_regions().set_index("region_code")
    assert regions.at["289", "name_en"] == "South of Sahara, regional"
    assert regions["source_url"].str.startswith("https://github.com/IATI/").all()
    assert list(regions.columns) == ["name_en", "source", "source_url", "source_date"]


def test_a_view_opens_on_the_newest_year_that_is_not_in_the_future():
    summary = pd.DataFrame(
        {
            "iso3": ["MLI"] * 4,
            "region_code": [None] * 4,
            "year": [2022, 2025, 2027, 2026],
            "theme": ["water"] * 4,
            "flow_type": ["disbursement", "disbursement", "disbursement", "commitment"],
            "currency": ["EUR"] * 4,
            "value": [1.0] * 4,
            "value_eur": [1.0] * 4,
        }
    )
    assert aid_domain.years(summary) == [2027, 2025, 2022]
    assert aid_domain.default_year(summary, 2026) == 2025
    assert aid_domain.default_year(summary, 2020) == 2027  # nothing paid yet: the newest
    assert aid_domain.default_year(summary.head(0), 2026) is None


# --- the briefing -----------------------------------------------------------------------


def test_a_briefing_of_the_aid_layer_names_year_theme_and_the_iati_source():
    from dashboard import briefing
    from dashboard.briefing.figures import BriefingData, as_of, view_rows
    from dashboard.storage import boundaries as geo

    def bundled_dataset(name: str) -> pd.DataFrame:
        raw = pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
        return contracts.validate(name, raw)[0]

    result = imported(publication(activity(body=tx("3", "12500000"), places=TWO_PLACES)))
    data = BriefingData(
        tuple(bundled.load_regions()),
        bundled.load_members(),
        *(bundled_dataset(n) for n in ("commitments", "aid_themes", "posts", "situation")),
        aid=AidChoice(aid_domain.summary(result.flows)),
        aid_sources=result.activities[["source", "source_date"]].drop_duplicates(),
    )
    spec = briefing.BriefingSpec(
        layer=aid_layer.key(2024, "water"), lang="en", classification="Unclassified"
    )
    content = briefing.compose(spec, data, geo.load_boundaries("print"))
    assert content.legend.title == "Aid (EUR), disbursed in 2024 · water management"
    assert content.subtitle.startswith("Map layer: Aid (EUR)")
    assert "€5m – €20m" in [e.label for e in content.legend.entries]
    # The programme's own documents first, then the source of the layer shown: IATI.
    named = content.sources.removeprefix("Sources: ").split("; ")
    documents = [d for r in data.regions for d in region_documents(r)]
    assert named[: named.index("IATI XM-DAC-7")] == list(dict.fromkeys(documents))
    rows = view_rows(spec, data)
    assert rows.layer_sources is not None and as_of(rows) >= "2025-05-01"
    assert spec.file_name() == "briefing-world-aid_eur-2024-water-en.png"
    with pytest.raises(ValueError, match="aid_eur:<year>:<theme>"):
        briefing.BriefingSpec(layer="aid_eur:2024", classification="x")


def test_a_web_page_that_is_not_an_http_address_is_left_out_and_reported():
    page = activity("A-1", body=tx(), link="javascript:alert(1)")
    result = imported(publication(page, activity("A-2", body=tx(), link="https://openaid.nl/a")))
    links = result.activities["link"].tolist()
    assert result.ok and pd.isna(links[0]) and links[1] == "https://openaid.nl/a"
    assert codes(result.warnings) == [("A-1", "document-link", "iati_w_link")]


def test_the_contracts_problems_are_named_by_activity_in_the_users_language():
    flows = pd.DataFrame(
        {
            "iati_identifier": ["A-1", "A-2"],
            "iso3": ["MLI", "MLI"],
            "region_code": [None, None],
            "year": [2024, 2024],
            "dac_sector": ["14030", "14030"],
            "theme": ["water", "water"],
            "flow_type": ["disbursement", "disbursement"],
            "value": [1.0, 2.0],
            "currency": ["EUR", "eur"],
            "value_eur": [1.0, None],
        }
    )
    out = aid.Imported(("f.xml",), "0" * 64)
    assert aid._checked(out, "aid_flows", flows, known_codes()) is None
    (found,) = out.problems
    assert (found.note.ident, found.note.element, found.note.code) == (
        "A-2",
        "aid_flows",
        "p_currency",
    )
    assert aid.describe(found, "nl") == (
        "A-2 · aid_flows: de valuta moet een ISO 4217-code van drie hoofdletters zijn, "
        "bijvoorbeeld EUR"
    )
