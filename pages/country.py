"""Country profile: everything about one country on one screen, each fact with its source."""

import streamlit as st

from dashboard.domain import joins, programme, views
from dashboard.maps import figure as maps
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import label, t
from dashboard.web import briefing as web_briefing
from dashboard.web import core as web
from dashboard.web import network as web_network
from dashboard.web import router

router.through_navigation()

lang = web.language()
st.header(t("country_profile", lang))
iso3 = web.country_choice(lang)
if iso3 is None:
    st.info(t("pick_country", lang))
    st.stop()

country = web.countries().set_index("iso3").loc[iso3]
members = bundled.load_members()
region_ids = set(members.loc[members["iso3"] == iso3, "region_id"])
region_names = [r.name(lang) for r in bundled.load_regions() if r.region_id in region_ids]
badges = [
    b
    for b, on in (
        ("EU", country["eu"]),
        ("NAVO" if lang == "nl" else "NATO", country["nato"]),
        (t("cat_kingdom", lang), country["kingdom"]),
    )
    if on
]
st.subheader(f"{country[f'name_{lang}']} ({iso3})")
st.caption(" · ".join([web.unit_status(lang).get(iso3, ""), *region_names, *badges]))

web.headline(None, iso3, lang)

situation = datasets.load("situation").set_index("iso3")
map_column, side = st.columns([3, 2])
with map_column:
    units = web.unit_table()
    layer = web.layer("situation", None, lang)
    fig = maps.map_figure(
        units,
        layer,
        lang,
        web.geojson_url(),
        web.country_view(iso3),
        web_network.overlays("situation", lang),
    )
    web.interactive_map(fig, f"country-{iso3.lower()}-{lang}", "country_map", units, lang)
with side:
    st.markdown(f"**{t('situation', lang)}**")
    if iso3 in situation.index:
        row = situation.loc[iso3]
        st.markdown(f"{label('level', row['level'], lang).capitalize()} — {row[f'summary_{lang}']}")
        st.caption(
            f"{t('assessed_on', lang)} {row['assessed_on']} · [{row['source']}]"
            f"({row['source_url']})"
        )
    else:
        st.info(t("not_assessed_here", lang))

    web_network.coverage_section(iso3, lang)
    web_network.advice_section(iso3, lang)

st.subheader(t("commitments", lang))
commitments = web.commitment_filters(datasets.load("commitments"), lang)
names = web.countries().set_index("iso3")[f"name_{lang}"]
table = views.commitments_table(commitments, {iso3}, region_ids, names, lang)
if table.empty:
    st.info(t("no_commitments_here", lang))
else:
    web.commitments_dataframe(table, lang)

st.subheader(t("aid_themes", lang))
themes = joins.themes_by_country(datasets.load("aid_themes"), members)
mine = themes[themes["iso3"] == iso3]
if mine.empty:
    st.info(t("no_aid", lang))
for row in mine.itertuples():
    via = "" if row.direct else f" ({t('via_region', lang)})"
    st.markdown(f"- {label('aid_theme', row.theme, lang)}{via}")

with st.expander(t("indicators", lang) + " · ReliefWeb"):
    web.public_context(iso3, lang)

st.subheader(t("programme_mentions", lang))
paragraphs = programme.paragraphs_naming(
    bundled.load_paragraphs(), bundled.load_terms().get(iso3, [])
)
if not paragraphs:
    st.info(t("no_mentions", lang))
for paragraph in paragraphs:
    with st.expander(paragraph.citation()):
        st.write(paragraph.text)

web_briefing.download_button(None, iso3, None, lang)
