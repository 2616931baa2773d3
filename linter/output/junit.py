"""`junit`: JUnit XML, which CI servers (GitLab, Jenkins, Azure) show as a test report.

Every finding is a failed test case; every clean report is one passing test case, so a clean run
still reports how many reports were checked; an unreadable input is a test case in error. The
text is UTF-8 (the XML declaration says so): write it with that encoding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from linter.cache import regex
from linter.findings import Finding, RunResult
from linter.output.safe import text as safe

SUITE = "xxgk-lint"
# Characters XML 1.0 cannot carry even escaped (form feeds and other controls from Word files).
_NOT_XML = regex("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Shown safely (output/safe.py: controls escaped, so a log that prints the report shows no
    escape sequence), then anything XML still cannot carry replaced."""
    return _NOT_XML.sub("\ufffd", safe(text))


def _failure_body(finding: Finding, path: str) -> str:
    severity = finding.severity.value
    lines = [
        f"{path}:{finding.line}:{finding.column}: {finding.rule} [{severity}] {finding.message}"
    ]
    lines += [f"{(r.path or path).replace(chr(92), '/')}:{r.span.line}:{r.span.column}: {r.message}" for r in finding.related]
    return _xml_text("\n".join(lines))


def _finding_case(finding: Finding) -> ET.Element:
    path = finding.path.replace("\\", "/")
    case = ET.Element(
        "testcase",
        classname=_xml_text(path),
        name=f"{finding.rule} {finding.name} ({finding.line}:{finding.column})",
    )
    failure = ET.SubElement(case, "failure", message=_xml_text(finding.message), type=finding.rule)
    failure.text = _failure_body(finding, path)
    return case


def render(result: RunResult) -> str:
    """One `<testsuites>` holding one `<testsuite name="xxgk-lint">`."""
    flagged = {f.path for f in result.findings}
    unreadable = {path for path, _ in result.errors}
    cases = [_finding_case(f) for f in result.findings]
    cases += [
        ET.Element("testcase", classname=_xml_text(path.replace("\\", "/")), name=SUITE)
        for path in result.paths
        if path not in flagged and path not in unreadable
    ]
    for path, reason in result.errors:
        case = ET.Element("testcase", classname=_xml_text(path.replace("\\", "/")), name=SUITE)
        ET.SubElement(case, "error", message=_xml_text(reason), type="input-error")
        cases.append(case)

    counts = {
        "tests": str(len(cases)),
        "failures": str(len(result.findings)),
        "errors": str(len(result.errors)),
    }
    suites = ET.Element("testsuites", name=SUITE, **counts)
    suite = ET.SubElement(suites, "testsuite", name=SUITE, skipped="0", **counts)
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
