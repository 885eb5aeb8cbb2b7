"""One JUnit XML writer for togen's CI reports (`togen drift --format junit`, the contract
suite's `--junit`).

Callers describe their cases as plain data; this module owns the XML that CI systems read:
the suite's counts (tests, failures, errors, skipped) computed from the cases, one element
per failure, skip and captured output, the UTF-8 declaration and the indentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class Failure:
    # A mapping rather than fields: each report keeps the attribute order its readers know.
    attributes: dict[str, str]
    text: str | None = None


@dataclass(frozen=True)
class Case:
    classname: str
    name: str
    time: str | None = None
    failures: list[Failure] = field(default_factory=list)
    skipped: str | None = None  # the reason, when the case did not run
    output: str | None = None  # <system-out>


def junit_xml(
    suite_name: str,
    cases: list[Case],
    *,
    time: str | None = None,
    properties: list[tuple[str, str]] | None = None,
    in_testsuites: bool = False,
) -> str:
    """The document: one <testsuite> (inside <testsuites> when `in_testsuites`)."""
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(cases)),
        failures=str(sum(1 for case in cases if case.failures)),
        errors="0",
        skipped=str(sum(1 for case in cases if case.skipped is not None)),
    )
    if time is not None:
        suite.set("time", time)
    if properties is not None:
        props = ET.SubElement(suite, "properties")
        for name, value in properties:
            ET.SubElement(props, "property", name=name, value=value)
    for case in cases:
        _write_case(suite, case)
    root = suite
    if in_testsuites:
        root = ET.Element("testsuites")
        root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _write_case(suite: ET.Element, case: Case) -> None:
    node = ET.SubElement(suite, "testcase", classname=case.classname, name=case.name)
    if case.time is not None:
        node.set("time", case.time)
    for failure in case.failures:
        ET.SubElement(node, "failure", failure.attributes).text = failure.text
    if case.skipped is not None:
        ET.SubElement(node, "skipped", message=case.skipped)
    if case.output is not None:
        ET.SubElement(node, "system-out").text = case.output
