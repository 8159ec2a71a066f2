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
    "layer": {"nl": "Kaartlaag", "en": "Map layer"},
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
        "nl": "Het bestand is niet geaccepteerd; er is niets veranderd. Problemen:",
        "en": "The file was not accepted; nothing has changed. Problems:",
    },
    "row": {"nl": "Rij", "en": "Row"},
    "column": {"nl": "Kolom", "en": "Column"},
    "message": {"nl": "Melding", "en": "Message"},
    "preview": {"nl": "Voorbeeld van de wijziging", "en": "Preview of the change"},
    "rows_added": {"nl": "Rijen toegevoegd", "en": "Rows added"},
    "rows_removed": {"nl": "Rijen verwijderd", "en": "Rows removed"},
    "rows_changed": {"nl": "Rijen gewijzigd", "en": "Rows changed"},
    "countries_affected": {"nl": "Betrokken landen", "en": "Countries affected"},
    "no_changes": {
        "nl": "Dit bestand is gelijk aan de huidige versie.",
        "en": "This file is the same as the current version.",
    },
    "note": {"nl": "Toelichting (wat is er veranderd en waarom?)",
             "en": "Note (what changed, and why?)"},
    "publish": {"nl": "Publiceren", "en": "Publish"},
    "published": {"nl": "Gepubliceerd als versie", "en": "Published as version"},
    "history": {"nl": "Geschiedenis", "en": "History"},
    "version": {"nl": "Versie", "en": "Version"},
    "rollback": {"nl": "Terugzetten naar deze versie", "en": "Roll back to this version"},
    "rolled_back": {"nl": "Actieve versie is nu", "en": "Active version is now"},
}


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang``; unknown languages fall back to Dutch."""
    entry = _TEXT[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE])


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
    "post_status": {
        "open": ("open", "open"),
        "closure_announced": ("sluiting aangekondigd", "closure announced"),
        "closed": ("gesloten", "closed"),
        "suspended": ("opgeschort", "suspended"),
    },
    "post_type": {
        "embassy": ("ambassade", "embassy"),
        "consulate_general": ("consulaat-generaal", "consulate-general"),
        "permanent_representation": ("permanente vertegenwoordiging",
                                     "permanent representation"),
        "representative_office": ("vertegenwoordigingskantoor", "representative office"),
        "consulate": ("consulaat", "consulate"),
        "office": ("kantoor", "office"),
    },
}


def label(kind: str, value: str, lang: str) -> str:
    """The label of a dataset value (``kind`` e.g. ``"instrument"``) in ``lang``."""
    nl, en = _VALUES[kind].get(value, (value, value))
    return nl if lang == "nl" else en
