"""Markdown, JSON and HTML renderings of a drift report (templates in templates/drift/)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from togen.core.errors import SpecError
from togen.core.resources import templates_dir
from togen.drift.model import LEVELS, Level, Report

TEMPLATE_DIR = templates_dir() / "drift"
FORMATS = ("md", "json", "html", "junit", "github")
EXTENSIONS = {"md": "md", "json": "json", "html": "html", "junit": "xml", "github": "txt"}
MARKDOWN_LIMIT = 200  # changes listed per level in Markdown (PR comments have a size limit)


if TYPE_CHECKING:
    import jinja2


@lru_cache(maxsize=2)
def _environment(autoescape: bool) -> jinja2.Environment:
    import jinja2  # only Markdown and HTML need it; JSON output skips the import

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["short"] = short_name
    env.filters["md"] = lambda text: str(text).replace("<", "&lt;").replace(">", "&gt;")
    return env


def short_name(name: str) -> str:
    """A spec's name as shown in titles: the file name of a path, else as given."""
    if name.startswith(("http://", "https://", "git:")):
        return name
    return Path(name).name


def group_by_level(changes: list[dict[str, Any]]) -> dict[str, list[tuple[str, list[dict[str, Any]]]]]:
    """{level: [(operation, [change, ...]), ...]} in report order."""
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {level: {} for level in LEVELS}
    for change in changes:
        grouped[change["level"]].setdefault(change["operation"], []).append(change)
    return {level: list(ops.items()) for level, ops in grouped.items()}


def render(report: Report | dict[str, Any], fmt: str, fail_on: Level | None = None) -> str:
    """The report in `fmt`; `fail_on` sets what JUnit and GitHub annotations call a failure."""
    if fmt in ("junit", "github") and isinstance(report, Report):
        from togen.drift.ci_formats import render_github, render_junit

        if fmt == "junit":
            return render_junit(report, fail_on)
        return render_github(report, fail_on, _source_text(report.new.name))
    data = report.as_dict() if isinstance(report, Report) else report
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt not in ("md", "html"):
        raise SpecError("drift", "--format", f"unknown format {fmt!r} ({', '.join(FORMATS)})", "usage")
    template = _environment(fmt == "html").get_template(f"report.{fmt}.jinja")
    return template.render(
        report=data,
        by_level=group_by_level(data["changes"]),
        project=group_by_level(data["project"]["changes"]),
        limit=MARKDOWN_LIMIT,
    )


def _source_text(name: str) -> bytes:
    from togen.spec.loader import read_bytes

    try:
        return read_bytes(name)
    except SpecError:
        return b""


def render_timeline(steps: list[dict[str, Any]], fmt: str) -> str:
    totals = {level: sum(s["summary"][level] for s in steps) for level in LEVELS}
    if fmt == "json":
        return json.dumps({"schema_version": 1, "steps": steps, "totals": totals}, indent=2) + "\n"
    if fmt not in ("md", "html"):
        raise SpecError("drift", "--format", f"--history writes md, json or html, not {fmt!r}", "usage")
    template = _environment(fmt == "html").get_template(f"timeline.{fmt}.jinja")
    return template.render(steps=steps, totals=totals)
