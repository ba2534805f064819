"""The text a reader sees on a page (for language checks): the words between the tags and the words
in the attributes a reader meets (placeholders, titles, labels read aloud, button values), without
scripts, styles or hidden form values; and the page's own links, for a crawl with the test client."""

import re
from html.parser import HTMLParser

READ_ATTRS = ("placeholder", "title", "aria-label", "alt")
SILENT = {"script", "style", "template"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in SILENT:
            self._silent += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in READ_ATTRS:
            if values.get(name):
                self.chunks.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"] or "")

    def handle_endtag(self, tag):
        if tag in SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent and data.strip():
            self.chunks.append(data.strip())


def read_page(html: str) -> tuple[str, list[str]]:
    """(visible text one chunk a line, the page's links to its own site)."""
    reader = _Reader()
    reader.feed(html)
    links = [h.split("#")[0].split("?")[0] for h in reader.links if h.startswith("/")]
    return "\n".join(re.sub(r"\s+", " ", c) for c in reader.chunks), links
