"""IATI 2.03 activity XML for the tests, element by element as the activity schema orders them.

The organisations, amounts and identifiers are made up for the tests and are not facts about
Dutch aid.
"""

from __future__ import annotations

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def publication(
    *activities: str,
    version: str = "2.03",
    head: str = HEAD,
    generated: str | None = "2025-01-01T00:00:00",
) -> bytes:
    stamp = f' generated-datetime="{generated}"' if generated else ""
    return (
        f'{head}<iati-activities version="{version}"{stamp}>'
        + "".join(activities)
        + "</iati-activities>\n"
    ).encode("utf-8")


def activity(
    ident: str = "XM-DAC-7-TEST-1",
    body: str = "",
    *,
    currency: str = "EUR",
    places: str = '<recipient-country code="ML" percentage="100"/>',
    sectors: str = '<sector code="14030" vocabulary="1" percentage="100"/>',
    updated: str | None = "2025-05-01T10:00:00Z",
    title: str = "Schoon water",
    link: str = "",
) -> str:
    default = f' default-currency="{currency}"' if currency else ""
    stamp = f' last-updated-datetime="{updated}"' if updated else ""
    document = (
        f'<document-link url="{link}" format="text/html"><title><narrative>Openaid</narrative>'
        '</title><category code="A12"/></document-link>'
        if link
        else ""
    )
    return (
        f'<iati-activity xml:lang="nl"{default} hierarchy="1"{stamp}>'
        f"<iati-identifier>{ident}</iati-identifier>"
        '<reporting-org ref="XM-DAC-7" type="10"><narrative>Ministerie</narrative></reporting-org>'
        f"<title><narrative>{title}</narrative>"
        '<narrative xml:lang="en">Clean water</narrative></title>'
        '<participating-org ref="XM-DAC-7" role="1"><narrative>Ministerie</narrative>'
        '</participating-org><participating-org ref="XI-TEST-9" role="4"/>'
        '<activity-status code="2"/>'
        '<activity-date iso-date="2023-01-01" type="1"/>'
        '<activity-date iso-date="2023-02-15" type="2"/>'
        '<activity-date iso-date="2026-12-31" type="3"/>'
        f"{places}{sectors}{body}{document}</iati-activity>"
    )


def tx(
    kind: str = "3",
    value: str = "1000",
    *,
    day: str = "2024-03-01",
    currency: str | None = None,
    extra: str = "",
) -> str:
    attr = f' currency="{currency}"' if currency else ""
    return (
        f'<transaction><transaction-type code="{kind}"/>'
        f'<transaction-date iso-date="{day}"/>'
        f'<value{attr} value-date="{day}">{value}</value>{extra}</transaction>'
    )
