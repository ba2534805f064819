"""pip-audit on the pinned requirements (make security), failing loudly when it cannot do its job.

It fails when a package has a known vulnerability, when PyPI's vulnerability service cannot be
reached, and when a requirement pinned in requirements.txt could not be looked up: an unaudited pin
must not pass as a clean one. Transitive dependencies the service does not know are listed but do
not fail the check (a package mirror may lack them; pin them in requirements.txt to make them count).
"""

import json
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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(REQUIREMENTS), "--progress-spinner", "off"]
        run = subprocess.run([*command, "--format", "json", "--output", str(report)], check=False)
        if not report.exists() or not report.read_text().strip():
            return fail(
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
        return fail(f"the service did not answer for pinned requirements {', '.join(unaudited_pins)}.")
    if run.returncode != 0:
        return fail(f"pip-audit exited {run.returncode}; see its output above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
