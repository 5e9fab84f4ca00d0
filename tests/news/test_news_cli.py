"""`vigil news fetch` and `vigil news list`, through a small Typer app, against the local
server and a fresh database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml
from typer.testing import CliRunner

from tests.conftest import fresh_database_url
from tests.news import feeds
from tests.news.conftest import FeedServer, redirect, send
from vigil.commands.news import news_fetch_command, news_list_command
from vigil.news import load_sources
from vigil.store import upgrade

app = typer.Typer()
app.command("fetch")(news_fetch_command)
app.command("list")(news_list_command)


def invoke(*args: str) -> Any:
    env = {"COLUMNS": "200", "NO_PROXY": "127.0.0.1,localhost"}
    return CliRunner().invoke(app, list(args), env=env)


def _sources(tmp_path: Path, server: FeedServer, *paths: str) -> Path:
    path = tmp_path / "sources.yaml"
    entries = [{"name": p.strip("/"), "url": server.url(p)} for p in paths]
    path.write_text(yaml.safe_dump({"sources": entries}))
    return path


def test_fetch_then_list(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.routes["/good"] = send(200, feeds.GOOD)
    feed_server.routes["/hostile"] = send(200, feeds.HOSTILE)
    feed_server.routes["/loop"] = redirect("/loop")
    url = fresh_database_url(tmp_path)
    upgrade(url)
    sources = _sources(tmp_path, feed_server, "/good", "/hostile", "/loop")
    fetched = invoke("fetch", "--sources", str(sources), "--database-url", url, "--timeout", "1")
    assert fetched.exit_code == 0, fetched.output
    assert "too many redirects" in fetched.output
    assert "2 dropped" in fetched.output

    listed = invoke("list", "--database-url", url, "--json")
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.stdout)
    titles = [s["title"] for s in stories]
    assert titles[0] == "Late recurrence of breast cancer: new model predicts risk"
    assert "Hospital opens new car park" not in titles
    assert all("<script" not in s["summary_html"] for s in stories)
    everything = json.loads(invoke("list", "--database-url", url, "--json", "--all").stdout)
    assert "Hospital opens new car park" in [s["title"] for s in everything]
    table = invoke("list", "--database-url", url)
    assert "Read more" in table.output
    assert "https://outlet.example/news/late-recurrence" in table.output


def test_fetch_exits_1_when_every_source_fails(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.routes["/down"] = send(503, b"")
    url = fresh_database_url(tmp_path)
    upgrade(url)
    sources = _sources(tmp_path, feed_server, "/down")
    result = invoke("fetch", "--sources", str(sources), "--database-url", url)
    assert result.exit_code == 1
    assert "HTTP 503" in result.output


def test_unusable_sources_file_or_database_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {name: x, url: 'javascript:alert(1)'}\n")
    result = invoke("fetch", "--sources", str(bad), "--database-url", "sqlite://")
    assert result.exit_code == 2
    assert "sources.0.url" in result.output
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    listed = invoke("list", "--database-url", empty)
    assert listed.exit_code == 2
    assert "vigil db upgrade" in listed.output


def test_the_packaged_sources_list_loads() -> None:
    sources = load_sources()
    assert len(sources) >= 3
    assert all(s.url.startswith("https://") for s in sources)
