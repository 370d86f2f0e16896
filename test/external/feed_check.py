#!/usr/bin/python3
"""Checks newswire feeds with tools nobody on the project wrote.

Reads {"feeds": [{"url", "format": "rss"|"atom"|"json", "expected": [{"title", "published", "authors"}]}]}
on stdin; prints {"problems": [...]} on stdout. RSS and Atom go through Python's feedparser
(bozo must be 0); JSON Feed is checked against the JSON Feed 1.1 rules.
"""
import calendar
import html
import json
import re
import sys
import urllib.request

import feedparser

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
JSON_FEED_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                       "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments"}


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as res:
        return res.read(), res.headers.get("content-type", "")


def epoch(iso):
    from datetime import datetime
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def check_xml(feed, body, problems):
    parsed = feedparser.parse(body)
    where = feed["url"]
    if parsed.bozo:
        problems.append(f"{where}: feedparser bozo: {parsed.bozo_exception!r}")
    expected_version = "rss20" if feed["format"] == "rss" else "atom10"
    if parsed.version != expected_version:
        problems.append(f"{where}: feedparser sees version {parsed.version!r}, not {expected_version}")
    entries = parsed.entries
    if len(entries) != len(feed["expected"]):
        problems.append(f"{where}: {len(entries)} entries, expected {len(feed['expected'])}")
    for entry, want in zip(entries, feed["expected"]):
        title = entry.get("title")
        # RSS 2.0 does not say whether <title> is text or HTML; feedparser guesses HTML when it
        # sees markup and re-escapes what its sanitizer dislikes ("<![CDATA[" → "&lt;![CDATA[").
        # Atom says type="text", so there the title must match exactly.
        if feed["format"] == "rss" and title is not None:
            title = html.unescape(title)
        if title != want["title"]:
            problems.append(f"{where}: title {title!r} != {want['title']!r}")
        published = entry.get("published_parsed")
        if not published or calendar.timegm(published) != epoch(want["published"]):
            problems.append(f"{where}: {want['title']!r} published {entry.get('published')!r}, expected {want['published']}")
        names = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        if want["authors"] and names != want["authors"]:
            problems.append(f"{where}: {want['title']!r} authors {names} != {want['authors']}")
        if not entry.get("link"):
            problems.append(f"{where}: {want['title']!r} has no link")
        if not entry.get("id"):
            problems.append(f"{where}: {want['title']!r} has no id")


def check_json(feed, body, content_type, problems):
    where = feed["url"]
    if not content_type.startswith("application/feed+json"):
        problems.append(f"{where}: content type {content_type!r}")
    doc = json.loads(body.decode("utf-8"))
    if doc.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"{where}: version {doc.get('version')!r}")
    if not isinstance(doc.get("title"), str):
        problems.append(f"{where}: no title")
    if "author" in doc:
        problems.append(f"{where}: deprecated top-level author")
    items = doc.get("items")
    if not isinstance(items, list):
        problems.append(f"{where}: items is not a list")
        return
    if len(items) != len(feed["expected"]):
        problems.append(f"{where}: {len(items)} items, expected {len(feed['expected'])}")
    for item, want in zip(items, feed["expected"]):
        if not isinstance(item.get("id"), str):
            problems.append(f"{where}: item id is not a string")
        if "content_html" not in item and "content_text" not in item:
            problems.append(f"{where}: item without content")
        if "author" in item:
            problems.append(f"{where}: deprecated item author")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                problems.append(f"{where}: {key} {item[key]!r} is not RFC 3339")
        for key in item:
            if key not in JSON_FEED_ITEM_KEYS and not key.startswith("_"):
                problems.append(f"{where}: unknown member {key!r} without underscore")
        if item.get("title") != want["title"]:
            problems.append(f"{where}: title {item.get('title')!r} != {want['title']!r}")
        if epoch(item.get("date_published", "1970-01-01T00:00:00Z")) != epoch(want["published"]):
            problems.append(f"{where}: date_published {item.get('date_published')!r} != {want['published']}")
        names = [a.get("name") for a in item.get("authors", [])]
        if want["authors"] and names != want["authors"]:
            problems.append(f"{where}: authors {names} != {want['authors']}")


def main():
    spec = json.load(sys.stdin)
    problems = []
    for feed in spec["feeds"]:
        body, content_type = fetch(feed["url"])
        if feed["format"] == "json":
            check_json(feed, body, content_type, problems)
        else:
            check_xml(feed, body, problems)
    json.dump({"problems": problems, "checked": len(spec["feeds"])}, sys.stdout)


if __name__ == "__main__":
    main()
