"""The second-organization isolation walk's one request: what counts as a leak and as a wrong status.

The project-wide walk (dragonfly/core/tests/test_isolation.py) and each module's narrowed walk call
`probe` for every URL, method and role, then assert that `leaks` and `wrong` stayed empty."""

# Every object of organization A is named with one of these, so any page that shows it is caught.
MARKERS = ["Zebra Secret", "Acme Secret Org", "Secret Activation", "secret-rider.pdf"]


def probe(client, method, url, *, who, name, must_404, leaks, wrong, markers=MARKERS):
    """One request as a member of organization B (`who`): A's markers in the answer go to `leaks`; a
    server error, or anything but 404/405 where the URL names one of A's objects (`must_404`), to `wrong`."""
    response = getattr(client, method)(url, follow=False)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    where = f"{who} {method.upper()} {url}"
    if any(marker in body.decode("utf-8", "ignore") for marker in markers):
        leaks.append(f"{where} ({name})")
    if response.status_code >= 500:
        wrong.append(f"{where}: {response.status_code}")
    if must_404 and response.status_code not in (404, 405):
        wrong.append(f"{where} ({name}): {response.status_code}")
    return response
