"""Command line: `ogi build`, `ogi docs`, `ogi release`, `ogi formats`, `ogi browse`, `ogi text`,
`ogi notebooks`, `ogi diff`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository (scripts/ogi/cli.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="raw report files -> tables + datapackage.json")
    b.add_argument("--raw", type=Path, default=None,
                   help="folder of report files (default: the repository's data/raw, built into the repository)")
    b.add_argument("--out", type=Path, default=None,
                   help="output folder: tables go to OUT/data/, the descriptor to OUT/datapackage.json "
                        "(required with --raw)")
    b.add_argument("--force", action="store_true",
                   help="write the package into an output folder that holds other files")
    b.add_argument("--jobs", type=int, default=None,
                   help="parse in N processes (default: one per core; 1: in this process)")
    b.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="parse on a Dask distributed cluster: the scheduler's address (tcp://host:8786) or "
                        "the JSON file `dask scheduler --scheduler-file` wrote; the raw folder must be at "
                        "the same path on every worker (pip install 'ogi[cluster]')")
    b.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="keep each file's parse in DIR, so a rebuild parses only new or changed files and "
                        "those the code or codebook would now read otherwise (default: ~/.cache/ogi)")
    b.add_argument("--no-cache", action="store_true", help="parse every file, use and keep no cache")
    b.add_argument("--strict", action="store_true", help="exit non-zero if any file is rejected")
    b.add_argument("--format", action="append", choices=["csv", "parquet"], default=None,
                   help="also write Parquet beside the CSV tables (--format parquet)")
    b.add_argument("--no-validate", action="store_true", help="skip validation (not for releases)")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)

    t = sub.add_parser("text", help="print the decoded text of a report that offsets index")
    t.add_argument("file", type=Path)

    sub.add_parser("docs", help="regenerate the generated sections of README.md")
    r = sub.add_parser("release", help="write dist/<name>-<version>.zip with checksums")
    r.add_argument("--out", type=Path, default=ROOT / "dist")
    r.add_argument("--previous", type=Path, default=None, metavar="ZIP_OR_FOLDER",
                   help="the release to compare with for the CHANGELOG's data section (default: the newest "
                        "archive of another version in --out)")
    n = sub.add_parser("notebooks", help="execute the notebooks in place and save figures")
    n.add_argument("paths", nargs="*", type=Path)
    d = sub.add_parser("diff", help="what changed between two packages: rows added, removed and changed per table")
    d.add_argument("old", type=Path, help="folder of the earlier package (holding datapackage.json)")
    d.add_argument("new", type=Path, help="folder of the later package")
    d.add_argument("--csv", type=Path, default=None, metavar="FILE",
                   help="write every change (table, change, key, field, old, new) to FILE")
    f = sub.add_parser("formats", help="write the package as Parquet, SQLite and .xlsx (make release does)")
    f.add_argument("--package", type=Path, default=ROOT / "datapackage.json", help="the datapackage.json to convert")
    f.add_argument("--out", type=Path, default=ROOT / "dist", help="folder to write into (default: dist)")
    w = sub.add_parser("browse", help="serve the package in Datasette on this machine (make browse)")
    w.add_argument("--package", type=Path, default=ROOT / "datapackage.json", help="the datapackage.json to serve")
    w.add_argument("--out", type=Path, default=ROOT / "dist" / "browse",
                   help="folder for the SQLite database and Datasette's metadata.json")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    w.add_argument("--port", type=int, default=8001)
    w.add_argument("--screenshot", type=Path, default=None, metavar="PNG",
                   help="instead of serving, save a picture of the observations view (needs Chromium)")

    args = parser.parse_args(argv)
    if args.command == "build":
        from .cache import default_folder as default_cache_folder
        from .cluster import ClusterError
        from .manifest import ManifestError
        from .pipeline import build
        from .publish.outdir import OutputError

        if args.raw is not None and args.out is None:
            # the default output is the repository: never filled from another folder by accident
            print("ogi build: stopped. Give --out for the package built from --raw "
                  f"{args.raw} (nothing was written)", file=sys.stderr)
            return 2
        raw = args.raw if args.raw is not None else ROOT / "data" / "raw"
        out = args.out if args.out is not None else ROOT
        formats = tuple(args.format or ["csv"])
        cache = None if args.no_cache else (args.cache or default_cache_folder())
        try:
            summary = build(raw, out, jobs=args.jobs, strict=args.strict, formats=formats,
                            progress=args.progress, validate=not args.no_validate, force=args.force,
                            scheduler=args.scheduler, cache=cache)
        except (ManifestError, OutputError, ClusterError) as exc:
            print(f"ogi build: stopped. {exc}", file=sys.stderr)
            return 2
        print(summary.text())
        from .publish.collect import set_aside_text

        set_aside = set_aside_text(out / "data" / "reports.csv")  # every rejected or failed file, and why
        if set_aside:
            print(set_aside)
        return 0
    if args.command == "text":
        from .read import read_file

        doc = read_file(args.file.resolve(), args.file.resolve().parent)
        sys.stdout.write(doc.text)
        return 0
    if args.command == "docs":
        from .publish.docs import update_readme

        update_readme(ROOT / "README.md", ROOT / "datapackage.json")
        return 0
    if args.command == "release":
        from .publish.release import make_release

        target = make_release(ROOT, args.out)
        print(target)
        from .publish.release import changes_since, previous_release, write_changelog

        package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
        previous = args.previous or previous_release(args.out, package["name"], package["version"])
        if previous is None:
            print("no earlier release in " + str(args.out) + ": the CHANGELOG's data section is not written "
                  "(give --previous)")
        else:
            write_changelog(ROOT / "CHANGELOG.md", changes_since(previous, ROOT))
            print(f"CHANGELOG.md: data changes since {previous.name}")
        return 0
    if args.command == "formats":
        from .publish.formats import load_descriptor, write_all

        for path in write_all(args.package, args.out, load_descriptor(args.package)["name"]):
            print(path)
        return 0
    if args.command == "browse":
        from .publish.browse import screenshot, serve

        if args.screenshot is not None:
            print(screenshot(args.package, args.out, args.screenshot))
            return 0
        serve(args.package, args.out, host=args.host, port=args.port)
        return 0
    if args.command == "diff":
        from .publish.diff import diff_packages

        try:
            result = diff_packages(args.old, args.new, args.csv)
        except FileNotFoundError as exc:
            print(f"ogi diff: {exc}", file=sys.stderr)
            return 2
        sys.stdout.write(result.markdown())
        return 0
    if args.command == "notebooks":
        from .notebooks import run_notebooks

        run_notebooks(args.paths or sorted((ROOT / "notebooks").glob("*.ipynb")), save=True)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
