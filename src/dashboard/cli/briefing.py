"""``briefing``: the briefing picture (PNG) of a region, a country or the world, or a batch
of one picture per priority region. The same picture as the "Briefing (PNG)" download."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from dashboard import briefing
from dashboard.maps import aid_layer, layers
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled
from dashboard.text.i18n import LANGUAGES


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "briefing",
        help="write the briefing picture (PNG) of a view",
        description="Write the briefing picture of a priority region, a country or the whole "
        "world (neither --region nor --country), or one per region with "
        "--all-regions.",
    )
    view = p.add_mutually_exclusive_group()
    view.add_argument("--region", metavar="REGION", help="a priority region id, e.g. caribbean")
    view.add_argument("--country", metavar="ISO3", help="a country code, e.g. UKR")
    view.add_argument(
        "--all-regions",
        action="store_true",
        help="one picture per priority region (needs --out-dir)",
    )
    p.add_argument(
        "--layer",
        metavar="LAYER",
        help=f"one of {', '.join(layers.LAYERS)}, indicator:DATASET:COLUMN (a published "
        "country indicator) or aid_eur:YEAR:THEME (aid in euros from IATI; THEME 'all' or "
        "a theme); default: priority, and for a country the first layer on which it stands "
        "out from its neighbours",
    )
    p.add_argument(
        "--programme",
        metavar="ID",
        help="the programme shown, e.g. rp2024 (default: the one in force today)",
    )
    p.add_argument("--lang", choices=LANGUAGES, default="nl")
    p.add_argument(
        "--size",
        choices=tuple(briefing.SIZES),
        default="screen",
        help="screen: 1920×1080 px; a4: A4 landscape at 300 dpi; a4-portrait: A4 portrait "
        "at 300 dpi (a note page)",
    )
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the date printed as 'as of' (default: the newest source in view)",
    )
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, metavar="FILE.png")
    out.add_argument(
        "--out-dir",
        type=Path,
        metavar="DIR",
        help="with --all-regions: writes briefing-<region>-<layer>-<lang>[-<size>].png",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    programme = getattr(args, "programme", None)
    choosable = [p.programme_id for p in bundled.choosable_programmes()]
    if programme is not None and programme not in choosable:
        return _fail(f"unknown programme {programme!r}; known programmes: {', '.join(choosable)}")
    known = [r.region_id for r in bundled.load_regions(programme)]
    if args.all_regions != (args.out_dir is not None):
        return _fail("--all-regions writes to --out-dir DIR; one view writes to --out FILE.png")
    if args.region is not None and args.region not in known:
        return _fail(f"unknown region {args.region!r}; known regions: {', '.join(known)}")
    if args.layer is not None and not (
        args.layer in layers.LAYERS or aid_layer.parts(args.layer) is not None
    ):
        indicators = briefings.indicator_keys()
        if args.layer not in indicators:
            listed = ", ".join([*layers.LAYERS, *indicators])
            return _fail(f"unknown layer {args.layer!r}; known layers: {listed}")
    boundaries = geo.load_boundaries("print")
    country = args.country.upper() if args.country else None
    if country is not None and country not in set(boundaries["iso3"]):
        codes = ", ".join(sorted(set(boundaries["iso3"])))
        return _fail(f"unknown country {args.country!r}; known ISO3 codes: {codes}")
    if args.out is not None and args.out.suffix.lower() != ".png":
        return _fail(f"--out must name a .png file, not {str(args.out)!r}")
    if args.out is not None and not args.out.parent.is_dir():
        return _fail(f"the folder {str(args.out.parent)!r} of --out does not exist")
    if args.as_of is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", args.as_of):
        return _fail(f"--as-of must be a date written YYYY-MM-DD, not {args.as_of!r}")
    data = briefings.load_data(args.layer, programme)
    common = dict(
        layer=args.layer, lang=args.lang, size=args.size, as_of=args.as_of, programme_id=programme
    )
    if args.all_regions:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        jobs = [(briefings.spec(region_id=r, **common), None) for r in known]
    else:
        jobs = [(briefings.spec(region_id=args.region, country=country, **common), args.out)]
    for spec, path in jobs:
        path = path or args.out_dir / spec.file_name()
        path.write_bytes(briefing.render(spec, boundaries, data))
        print(path)
    return 0


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2
