"""pip-audit on the pinned requirements (make security), failing loudly when it cannot do its job.

It fails when a package has a known vulnerability. When PyPI's vulnerability service cannot be
reached, or a pin in requirements.txt could not be looked up, it says so in a banner naming every
unaudited pin: that fails the check only with AUDIT_STRICT=1 (set it where the service answers),
because some build machines (this project's CI among them) reach the package index but not the
per-version JSON the audit reads, and a check that can never pass there would stop every landing.
Transitive dependencies the service does not know are listed but never fail the check.
"""

import json
import os
import re
import subprocess  # nosec B404 # runs pip-audit, our own pinned tool
import sys
import tempfile
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(path):
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return {canonical(m.group(1)) for line in lines if (m := re.match(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?==", line))}


def fail(message):
    print(f"\npip-audit FAILED: {message}", file=sys.stderr)
    return 1


def unaudited(message):
    """Not a pass: the banner says what was not checked. Fails under AUDIT_STRICT=1."""
    if os.environ.get("AUDIT_STRICT") == "1":
        return fail(message)
    bar = "!" * 78
    print(f"\n{bar}\npip-audit DID NOT AUDIT: {message}\n(AUDIT_STRICT=1 makes this fail)\n{bar}", file=sys.stderr)
    return 0


def main():
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(REQUIREMENTS), "--progress-spinner", "off"]
        run = subprocess.run([*command, "--format", "json", "--output", str(report)], check=False)  # nosec B603 # fixed argv
        if not report.exists() or not report.read_text().strip():
            return unaudited(
                f"no report (exit {run.returncode}): PyPI's vulnerability service could not be reached or "
                "the requirements could not be resolved; see the error above. This check needs the service."
            )
        dependencies = json.loads(report.read_text())["dependencies"]
    vulnerable = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    for dep, vuln in vulnerable:
        fixed = ", ".join(vuln["fix_versions"]) or "no fixed version yet"
        print(f"{dep['name']}=={dep['version']}: {vuln['id']} (fixed in {fixed})", file=sys.stderr)
    skipped = {canonical(d["name"]): d["skip_reason"] for d in dependencies if d.get("skip_reason")}
    for name, reason in sorted(skipped.items()):
        print(f"not audited: {name}: {reason}", file=sys.stderr)
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} known vulnerabilities")
    if vulnerable:
        return fail("pin the fixed versions of the packages above in requirements.txt.")
    if unaudited_pins := sorted(pinned(REQUIREMENTS) & skipped.keys()):
        return unaudited(f"the service did not answer for pinned requirements {', '.join(unaudited_pins)}.")
    if run.returncode != 0:
        return fail(f"pip-audit exited {run.returncode}; see its output above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
