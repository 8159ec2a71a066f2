"""Interface text in Dutch (the default) and English."""

from __future__ import annotations

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

_TEXT: dict[str, dict[str, str]] = {
    "app_title": {
        "nl": "Buitenlandbeleid in beeld",
        "en": "Dutch foreign policy at a glance",
    },
    "overview": {"nl": "Overzicht", "en": "Overview"},
    "boundary_disclaimer": {
        "nl": "Grenzen: Natural Earth 4.1, aangepast aan het standpunt van de Nederlandse "
        "regering; geen autoriteit op het gebied van grenzen.",
        "en": "Boundaries: Natural Earth 4.1, adapted to the position of the Government of the "
        "Netherlands; not an authority on borders.",
    },
    "language": {"nl": "Taal", "en": "Language"},
    "region": {"nl": "Regio", "en": "Region"},
    "world": {"nl": "Hele wereld", "en": "Whole world"},
    "overview_intro": {
        "nl": "De prioritaire regio's van het regeerprogramma (hoofdstuk 9a, Internationale "
        "veiligheid). Kies een regio om in te zoomen; beweeg over een land voor de naam.",
        "en": "The priority regions of the government programme (chapter 9a, International "
        "security). Pick a region to zoom in; hover over a country for its name.",
    },
    "cat_kingdom": {"nl": "Koninkrijk der Nederlanden", "en": "Kingdom of the Netherlands"},
    "cat_named": {"nl": "Genoemd in het regeerprogramma", "en": "Named in the programme"},
    "cat_member": {"nl": "In een prioritaire regio", "en": "In a priority region"},
    "cat_other": {"nl": "Overig", "en": "Other"},
    "countries_in_view": {"nl": "Landen in deze weergave", "en": "Countries in this view"},
    "country": {"nl": "Land", "en": "Country"},
    "category": {"nl": "Categorie", "en": "Category"},
    "regions": {"nl": "Regio's", "en": "Regions"},
    "source": {"nl": "Bron", "en": "Source"},
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "sources_intro": {
        "nl": "Waar elk onderdeel van dit dashboard vandaan komt, en welke grenzen de kaart volgt.",
        "en": "Where each part of this dashboard comes from, and which borders the map follows.",
    },
    "regions_and_sources": {
        "nl": "Prioritaire regio's en hun grondslag",
        "en": "Priority regions and what they rest on",
    },
    "boundaries": {"nl": "Grenzen op de kaart", "en": "Boundaries on the map"},
    "region_view": {"nl": "Regio", "en": "Region view"},
    "region_countries": {"nl": "Landen in de regio", "en": "Countries in the region"},
    "role": {"nl": "In het regeerprogramma", "en": "In the programme"},
    "role_named": {"nl": "bij naam genoemd", "en": "named"},
    "role_member": {"nl": "via de regio", "en": "through the region"},
    "situation": {"nl": "Situatie", "en": "Situation"},
    "commitments": {"nl": "Toezeggingen", "en": "Commitments"},
    "open_posts": {"nl": "Open posten", "en": "Open posts"},
    "by_instrument": {"nl": "Toezeggingen per instrument", "en": "Commitments by instrument"},
    "description": {"nl": "Omschrijving", "en": "Description"},
    "instrument": {"nl": "Instrument", "en": "Instrument"},
    "amount": {"nl": "Bedrag", "en": "Amount"},
    "period": {"nl": "Periode", "en": "Period"},
    "status": {"nl": "Status", "en": "Status"},
    "source_date": {"nl": "Datum bron", "en": "Source date"},
    "link": {"nl": "Link", "en": "Link"},
    "no_rows": {"nl": "Geen gegevens voor deze selectie.", "en": "No data for this selection."},
    "no_commitments_here": {
        "nl": "Geen toezeggingen in de gegevens voor dit land of deze regio.",
        "en": "No commitments in the data for this country or region.",
    },
    "click_hint": {
        "nl": "Klik op een land op de kaart voor het landenprofiel.",
        "en": "Click a country on the map to open its profile.",
    },
    "country_profile": {"nl": "Landenprofiel", "en": "Country profile"},
    "search_country": {
        "nl": "Zoek een land (Nederlandse of Engelse naam, of ISO-code)",
        "en": "Find a country (Dutch or English name, or ISO code)",
    },
    "pick_country": {
        "nl": "Kies een land om het profiel te zien.",
        "en": "Pick a country to see its profile.",
    },
    "aid_themes": {"nl": "Thema's ontwikkelingshulp", "en": "Development-aid themes"},
    "no_aid": {
        "nl": "Geen focusland of -regio van ontwikkelingshulp.",
        "en": "Not a development-aid focus country or region.",
    },
    "via_region": {"nl": "via de regio", "en": "through the region"},
    "posts": {"nl": "Posten", "en": "Posts"},
    "no_post_here": {
        "nl": "Geen Nederlandse post in dit land.",
        "en": "No Dutch post in this country.",
    },
    "covered_from": {"nl": "Gedekt vanuit", "en": "Covered from"},
    "no_cover_known": {
        "nl": "Welke post dit land dekt, staat niet in de gegevens.",
        "en": "Which post covers this country is not in the data.",
    },
    "not_assessed_here": {
        "nl": "Geen beoordeling van de veiligheidssituatie in de gegevens.",
        "en": "No assessment of the security situation in the data.",
    },
    "programme_mentions": {"nl": "Wat het regeerprogramma zegt", "en": "What the programme says"},
    "no_mentions": {
        "nl": "Het regeerprogramma (h9a) noemt dit land niet bij naam.",
        "en": "The programme (ch. 9a) does not name this country.",
    },
    "memberships": {"nl": "Lidmaatschappen", "en": "Memberships"},
    "indicator": {
        "population": ("bevolking", "population"),
        "gdp_usd": ("bbp (USD)", "GDP (USD)"),
        "military_expenditure_pct_gdp": (
            "militaire uitgaven (% bbp)",
            "military expenditure (% of GDP)",
        ),
        "refugees_by_origin": (
            "vluchtelingen naar land van herkomst",
            "refugees by country of origin",
        ),
        "net_oda_received_usd": ("ontvangen netto ODA (USD)", "net ODA received (USD)"),
    },
    "unit_status": {"nl": "Status", "en": "Status"},
    "post_network": {"nl": "Postennet", "en": "Post network"},
    "post_type": {"nl": "Soort post", "en": "Type of post"},
    "post_status": {"nl": "Status", "en": "Status"},
    "city": {"nl": "Stad", "en": "City"},
    "covers": {"nl": "Ook geaccrediteerd bij", "en": "Also accredited to"},
    "announced_closures": {"nl": "Aangekondigde sluitingen", "en": "Announced closures"},
    "no_closures": {
        "nl": "Geen aangekondigde sluitingen in de gegevens.",
        "en": "No announced closures in the data.",
    },
    "posts_intro": {
        "nl": "Ambassades, consulaten-generaal, vertegenwoordigingen en kantoren in de gegevens. "
        "De lijst is niet volledig: alleen posten met een gevonden bron staan erin.",
        "en": "Embassies, consulates-general, representations and offices in the data. The list "
        "is not complete: only posts with a source found are in it.",
    },
    "tracker": {"nl": "Regeerprogramma-monitor", "en": "Programme tracker"},
    "tracker_intro": {
        "nl": "De meetbare doelen van het regeerprogramma en het laatste openbare cijfer, elk "
        "met bron en datum. Geen cijfer gevonden? Dan blijft het vak leeg.",
        "en": "The programme's measurable goals and the latest public figure, each with its "
        "source and date. No figure found? Then the box stays empty.",
    },
    "target": {"nl": "Doel", "en": "Target"},
    "latest": {"nl": "Laatste cijfer", "en": "Latest figure"},
    "no_figure": {"nl": "Geen openbaar cijfer gevonden", "en": "No public figure found"},
    "layer": {"nl": "Kaartlaag", "en": "Map layer"},
    "no_value": {"nl": "Geen waarde", "en": "No value"},
    "theme": {"nl": "Thema", "en": "Theme"},
    "all": {"nl": "Alle", "en": "All"},
    "filter_commitments": {"nl": "Toezeggingen filteren", "en": "Filter commitments"},
    "year": {"nl": "Jaar", "en": "Year"},
    "all_years": {"nl": "Alle jaren", "en": "All years"},
    "refresh_title": {
        "nl": "Publieke bronnen verversen (Wereldbank, ReliefWeb)",
        "en": "Refresh public sources (World Bank, ReliefWeb)",
    },
    "refresh_never": {"nl": "nog niet opgehaald", "en": "not fetched yet"},
    "refresh_button": {"nl": "Verversen:", "en": "Refresh:"},
    "refreshing": {"nl": "Bezig met ophalen…", "en": "Fetching…"},
    "fetched": {"nl": "opgehaald", "en": "fetched"},
    "source_updated": {"nl": "bron bijgewerkt", "en": "source updated"},
    "published_as": {"nl": "Gepubliceerd als versie", "en": "Published as version"},
    "indicators": {"nl": "Indicatoren", "en": "Indicators"},
    "as_of": {"nl": "stand per", "en": "as of"},
    "latest_reports": {
        "nl": "Laatste situatierapporten (ReliefWeb)",
        "en": "Latest situation reports (ReliefWeb)",
    },
    "no_reports": {
        "nl": "Geen rapporten opgehaald voor dit land.",
        "en": "No reports fetched for this country.",
    },
    "layer_priority": {"nl": "Prioriteiten", "en": "Priorities"},
    "layer_commitments": {"nl": "Toezeggingen", "en": "Commitments"},
    "layer_aid": {"nl": "Ontwikkelingshulp", "en": "Development aid"},
    "layer_situation": {"nl": "Situatie", "en": "Situation"},
    "layer_posts": {"nl": "Postennet", "en": "Post network"},
    "n_commitments": {"nl": "toezeggingen", "en": "commitments"},
    "no_commitments": {"nl": "Geen toezeggingen per land", "en": "No country commitments"},
    "aid_direct": {"nl": "Thema's voor dit land", "en": "Themes for this country"},
    "aid_region": {"nl": "Thema's via de regio", "en": "Themes through its region"},
    "aid_none": {"nl": "Geen focusland of -regio", "en": "No focus country or region"},
    "assessed_on": {"nl": "beoordeeld op", "en": "assessed on"},
    "posts_here": {"nl": "Posten", "en": "Posts"},
    "unmatched_rows": {
        "nl": "Rijen met een landcode die niet op de kaart staat",
        "en": "Rows with a country code that is not on the map",
    },
    # upload
    "upload_title": {"nl": "Gegevens bijwerken", "en": "Update data"},
    "upload_no_accounts": {
        "nl": "Er zijn nog geen accounts: het dashboard is alleen te bekijken. Een beheerder maakt "
        "het eerste account aan met `python -m dashboard users add NAAM --role admin`.",
        "en": "There are no accounts yet: the dashboard is browse-only. An administrator creates "
        "the first account with `python -m dashboard users add NAME --role admin`.",
    },
    "upload_need_analyst": {
        "nl": "Gegevens bijwerken kan alleen met een analist- of beheerdersaccount.",
        "en": "Updating data needs an analyst or admin account.",
    },
    "login": {"nl": "Inloggen", "en": "Log in"},
    "login_oidc": {
        "nl": "Inloggen met uw organisatieaccount",
        "en": "Log in with your organisation account",
    },
    "oidc_no_role": {
        "nl": "U bent ingelogd, maar uw account heeft geen rol in dit dashboard; vraag een "
        "beheerder u toe te voegen aan [dashboard.roles].",
        "en": "You are logged in, but your account has no role in this dashboard; ask an "
        "administrator to add you to [dashboard.roles].",
    },
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "username": {"nl": "Gebruikersnaam", "en": "User name"},
    "password": {"nl": "Wachtwoord", "en": "Password"},
    "logged_in_as": {"nl": "Ingelogd als", "en": "Logged in as"},
    "session_expired": {
        "nl": "Uw sessie is verlopen; log opnieuw in.",
        "en": "Your session has expired; please log in again.",
    },
    "dataset": {"nl": "Gegevensset", "en": "Dataset"},
    "new_indicator": {"nl": "Nieuwe landenindicator…", "en": "New country indicator…"},
    "indicator_name": {
        "nl": "Naam van de indicator (kleine letters, cijfers, _)",
        "en": "Name of the indicator (lower-case letters, digits, _)",
    },
    "download_active": {"nl": "Huidige versie downloaden", "en": "Download the current version"},
    "upload_file": {
        "nl": "Bestand uploaden (CSV, Excel .xlsx of GeoJSON)",
        "en": "Upload a file (CSV, Excel .xlsx or GeoJSON)",
    },
    "problems_found": {
        "nl": "Het bestand is geweigerd; niets is gewijzigd. Problemen:",
        "en": "The file was refused; nothing changed. Problems:",
    },
    "row": {"nl": "Rij", "en": "Row"},
    "column": {"nl": "Kolom", "en": "Column"},
    "message": {"nl": "Melding", "en": "Message"},
    "preview": {"nl": "Voorbeeld van de wijziging", "en": "Preview of the change"},
    "rows_added": {"nl": "Rijen toegevoegd", "en": "Rows added"},
    "rows_removed": {"nl": "Rijen verwijderd", "en": "Rows removed"},
    "rows_changed": {"nl": "Rijen gewijzigd", "en": "Rows changed"},
    "countries_affected": {"nl": "Betrokken landen", "en": "Countries affected"},
    "diff_added": {"nl": "Toegevoegd", "en": "Added"},
    "diff_changed": {"nl": "Gewijzigd", "en": "Changed"},
    "diff_removed": {"nl": "Verwijderd", "en": "Removed"},
    "diff_other": {"nl": "Niet geraakt", "en": "Not affected"},
    "diff_map_caption": {
        "nl": "Betrokken landen op de kaart: beweeg over een land voor de wijziging.",
        "en": "Countries affected, on the map: hover over a country for the change.",
    },
    "no_changes": {
        "nl": "Dit bestand is gelijk aan de huidige versie.",
        "en": "This file is the same as the current version.",
    },
    "note": {
        "nl": "Toelichting (wat is er veranderd en waarom?)",
        "en": "Note (what changed, and why?)",
    },
    "publish": {"nl": "Publiceren", "en": "Publish"},
    "published": {"nl": "Gepubliceerd als versie", "en": "Published as version"},
    "history": {"nl": "Geschiedenis", "en": "History"},
    "version": {"nl": "Versie", "en": "Version"},
    "rollback": {"nl": "Terugzetten naar deze versie", "en": "Roll back to this version"},
    "rolled_back": {"nl": "Actieve versie is nu", "en": "Active version is now"},
    "history_note": {"nl": "Toelichting", "en": "Note"},
    "history_file": {"nl": "Bestand", "en": "File"},
    "history_rows": {"nl": "Rijen", "en": "Rows"},
    "history_when": {"nl": "Tijdstip (UTC)", "en": "Time (UTC)"},
    # Messages from the service layer are English only; in Dutch they follow this lead.
    "error_lead": {"nl": "Niet gelukt (melding in het Engels):", "en": ""},
    # briefing picture (key figures, legend, footer); {…} are filled in by t(…, **values)
    "brief_regions": {
        "nl": "prioritaire regio's, samen {n} landen",
        "en": "priority regions, {n} countries in all",
    },
    "brief_countries": {
        "nl": "landen in de regio, {n} bij naam genoemd in het regeerprogramma",
        "en": "countries in the region, {n} named in the programme",
    },
    "brief_commitments": {
        "nl": "toezeggingen, {n} met een openbaar bedrag in euro",
        "en": "commitments, {n} with a public euro figure",
    },
    "brief_country_commitments": {
        "nl": "toezeggingen aan dit land",
        "en": "commitments to this country",
    },
    "brief_posts": {"nl": "open posten", "en": "open posts"},
    "brief_covering": {
        "nl": "posten voor dit land: {r} in het land, {o} vanuit elders",
        "en": "posts covering this country: {r} in it, {o} from elsewhere",
    },
    "brief_conflict": {
        "nl": "landen in oorlog of gewapend conflict, van {n} beoordeeld",
        "en": "countries at war or in armed conflict, of {n} assessed",
    },
    "brief_situation": {"nl": "veiligheidssituatie", "en": "security situation"},
    "brief_amount": {"nl": "laatst genoemd bedrag: {what}", "en": "latest public figure: {what}"},
    "brief_sources_latest": {
        "nl": "{n} bronnen, meest recent {date}",
        "en": "{n} sources, latest {date}",
    },
    "brief_one_source": {"nl": "1 bron, {date}", "en": "1 source, {date}"},
    "brief_no_rows": {"nl": "geen rijen in deze weergave", "en": "no rows in this view"},
    "brief_assessed": {
        "nl": "beoordeeld op {date} · {source}",
        "en": "assessed on {date} · {source}",
    },
    "brief_as_of": {"nl": "Stand per {date}", "en": "As of {date}"},
    "brief_key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "brief_sources": {"nl": "Bronnen", "en": "Sources"},
    "brief_boundaries": {
        "nl": "grenzen: Natural Earth 4.1 (world-atlas 2.0.2)",
        "en": "boundaries: Natural Earth 4.1 (world-atlas 2.0.2)",
    },
    "brief_small_unit": {"nl": "klein gebied, gemarkeerd", "en": "small area, marked"},
    "brief_focus": {"nl": "gekozen land (omlijnd)", "en": "selected country (outlined)"},
    "brief_more": {"nl": "en {n} andere", "en": "and {n} more"},
}


def t(key: str, lang: str, **values) -> str:
    """The text ``key`` in ``lang`` (unknown languages fall back to Dutch), with ``values``
    filled into its ``{placeholders}``."""
    entry = _TEXT[key]
    text = entry.get(lang, entry[DEFAULT_LANGUAGE])
    return text.format(**values) if values else text


# Labels for the values the datasets use (the contracts in ``contracts`` list them).
_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "instrument": {
        "military": ("militair", "military"),
        "financial": ("financieel", "financial"),
        "humanitarian": ("humanitair", "humanitarian"),
        "reconstruction": ("wederopbouw", "reconstruction"),
        "sanctions": ("sancties", "sanctions"),
        "accountability": ("rekenschap", "accountability"),
        "diplomatic": ("diplomatiek", "diplomatic"),
        "trade": ("handel", "trade"),
        "development": ("ontwikkeling", "development"),
    },
    "aid_theme": {
        "water": ("watermanagement", "water management"),
        "food_security": ("voedselzekerheid", "food security"),
        "health": ("gezondheid", "health"),
        "srhr": ("SRGR", "SRHR"),
        "education_employment": ("onderwijs en werk", "education and jobs"),
        "migration": ("migratie", "migration"),
        "stability_rule_of_law": ("stabiliteit en rechtsstaat", "stability and rule of law"),
        "climate": ("klimaat", "climate"),
        "private_sector": ("private sector en handel", "private sector and trade"),
        "humanitarian": ("humanitaire hulp", "humanitarian aid"),
    },
    "level": {
        "war": ("oorlog", "war"),
        "armed_conflict": ("gewapend conflict", "armed conflict"),
        "crisis": ("crisis", "crisis"),
        "tense": ("gespannen", "tense"),
        "stable": ("stabiel", "stable"),
        "not_assessed": ("niet beoordeeld", "not assessed"),
    },
    "indicator": {
        "population": ("bevolking", "population"),
        "gdp_usd": ("bbp (USD)", "GDP (USD)"),
        "military_expenditure_pct_gdp": (
            "militaire uitgaven (% bbp)",
            "military expenditure (% of GDP)",
        ),
        "refugees_by_origin": (
            "vluchtelingen naar land van herkomst",
            "refugees by country of origin",
        ),
        "net_oda_received_usd": ("ontvangen netto ODA (USD)", "net ODA received (USD)"),
    },
    "unit_status": {
        "state": ("staat", "state"),
        "kingdom-country": ("land in het Koninkrijk", "country in the Kingdom"),
        "special-municipality": (
            "bijzondere gemeente van Nederland",
            "special municipality of the Netherlands",
        ),
        "non-self-governing-territory": (
            "niet-zelfbesturend gebied",
            "non-self-governing territory",
        ),
        "not-recognised-as-state": ("niet erkend als staat", "not recognised as a state"),
        "territory": ("gebiedsdeel", "territory"),
        "special-administrative-region": (
            "speciale bestuurlijke regio",
            "special administrative region",
        ),
        "associated-state": ("geassocieerde staat", "associated state"),
    },
    "commitment_status": {
        "announced": ("aangekondigd", "announced"),
        "committed": ("toegezegd", "committed"),
        "ongoing": ("lopend", "ongoing"),
        "delivered": ("geleverd", "delivered"),
        "completed": ("afgerond", "completed"),
    },
    "post_status": {
        "open": ("open", "open"),
        "closure_announced": ("sluiting aangekondigd", "closure announced"),
        "closed": ("gesloten", "closed"),
        "suspended": ("opgeschort", "suspended"),
    },
    "post_type": {
        "embassy": ("ambassade", "embassy"),
        "consulate_general": ("consulaat-generaal", "consulate-general"),
        "permanent_representation": ("permanente vertegenwoordiging", "permanent representation"),
        "representative_office": ("vertegenwoordigingskantoor", "representative office"),
        "consulate": ("consulaat", "consulate"),
        "office": ("kantoor", "office"),
    },
}


def label(kind: str, value: str, lang: str) -> str:
    """The label of a dataset value (``kind`` e.g. ``"instrument"``) in ``lang``."""
    nl, en = _VALUES[kind].get(value, (value, value))
    return nl if lang == "nl" else en
