#!/usr/bin/python3
"""Reads newswire feeds with newsboat, as a subscriber would, and reports what it kept.

Reads {"feeds": [{"url", "expected": [{"title", "author", "image": {"url", "caption", "credit"} | null}]}]}
on stdin; prints {"problems": [...], "checked": n, "items": n} on stdout.

Each feed gets its own headless `newsboat -x reload` with a fresh cache: newsboat's cache keys items
by guid alone, so a second feed carrying the same entries would overwrite the first one's rows.
What newsboat kept is then read from its SQLite cache (rss_item).

Lead image: newsboat 2.21 (Debian 12) stores an enclosure only for podcast types (audio/*, video/*),
so an image's media:content, RSS <enclosure> and Atom <link rel="enclosure"> all leave
enclosure_url empty. What a newsboat reader sees of a cover photo is the <img> in the item's
content, so that is what is checked: the content opens with a <figure> whose <img> is the cover
and whose <figcaption> carries its caption and credit.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import unquote

# Read-only reload: no full-page download (it would fetch every article's link), no podcast
# queue; the reload itself fetches only the URL in the urls file.
CONFIG = """download-full-page no
reload-threads 1
"""

# libcurl honours these: a request for anything but 127.0.0.1 would go to a closed local port
# instead of leaving the machine, and an inherited proxy cannot reroute the local feeds.
LOCAL_ONLY_ENV = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "all_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9",
    "no_proxy": "127.0.0.1",
    "NO_PROXY": "127.0.0.1",
}


class LeadFigure(HTMLParser):
    """Finds whether the content opens with <figure>, and that figure's first <img> and caption text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.first_tag = None
        self.img = None
        self.caption = ""
        self._depth = 0
        self._in_caption = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self.first_tag is None:
            self.first_tag = tag
        if self._done or self.first_tag != "figure":
            return
        if tag == "figure":
            self._depth += 1
        elif tag == "img" and self.img is None:
            self.img = dict(attrs)
        elif tag == "figcaption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if self._done or self.first_tag != "figure":
            return
        if tag == "figcaption":
            self._in_caption = False
        elif tag == "figure":
            self._depth -= 1
            self._done = self._depth == 0

    def handle_data(self, data):
        if self._in_caption and not self._done:
            self.caption += data


def reload(url, work):
    with open(os.path.join(work, "urls"), "w", encoding="utf-8") as f:
        f.write(url + "\n")
    with open(os.path.join(work, "config"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    env = {**os.environ, **LOCAL_ONLY_ENV, "HOME": work, "XDG_CONFIG_HOME": work, "XDG_DATA_HOME": work}
    return subprocess.run(
        ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60,
    )


def check_lead_image(where, content, image, problems):
    figure = LeadFigure()
    figure.feed(content)
    figure.close()
    if figure.first_tag != "figure":
        problems.append(f"{where}: content opens with <{figure.first_tag}>, not the cover's <figure>")
        return
    src = (figure.img or {}).get("src")
    # The same resource whether "<" in a query is percent-encoded or not.
    if src is None or unquote(src) != unquote(image["url"]):
        problems.append(f"{where}: lead <img src={src!r}>, expected {image['url']!r}")
    for part in ("caption", "credit"):
        if image.get(part) and image[part] not in figure.caption:
            problems.append(f"{where}: <figcaption> {figure.caption!r} lacks the {part} {image[part]!r}")


def check_feed(feed, problems):
    url = feed["url"]
    with tempfile.TemporaryDirectory(prefix="newsboat-") as work:
        run = reload(url, work)
        if run.returncode != 0:
            problems.append(f"{url}: newsboat exited {run.returncode}: {run.stderr.strip()}")
            return 0
        db = sqlite3.connect(os.path.join(work, "cache.db"))
        try:
            rows = db.execute(
                "SELECT title, author, content FROM rss_item WHERE feedurl = ? ORDER BY pubDate DESC, id",
                (url,),
            ).fetchall()
        finally:
            db.close()
    by_title = {}
    for title, author, content in rows:
        by_title.setdefault(title, []).append((author, content))
    if len(rows) != len(feed["expected"]):
        problems.append(f"{url}: newsboat kept {len(rows)} items, expected {len(feed['expected'])}")
    for want in feed["expected"]:
        where = f"{url} {want['title']!r}"
        found = by_title.get(want["title"], [])
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} items with this exact title, expected 1 (titles kept: {sorted(by_title)!r})")
            continue
        author, content = found[0]
        if author != want["author"]:
            problems.append(f"{where}: author {author!r}, expected {want['author']!r}")
        if want.get("image"):
            check_lead_image(where, content, want["image"], problems)
    return len(rows)


def main():
    spec = json.load(sys.stdin)
    problems = []
    items = sum(check_feed(feed, problems) for feed in spec["feeds"])
    json.dump({"problems": problems, "checked": len(spec["feeds"]), "items": items}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
