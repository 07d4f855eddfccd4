"""The web view: a FastAPI application over the project's database, read only.

Pages are rendered on the server (Jinja2) so their tables work without JavaScript; the region page
draws its charts with Apache ECharts from the package's own ``static/`` folder, so no page loads
anything from outside this server.  Every page has its JSON twin under ``/api/``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from newstrack.store.db import open_database
from newstrack.web import data
from newstrack.web.diff import side_by_side

PACKAGE = Path(str(resources.files("newstrack.web")))
EXPORTS = ("pages", "observations", "changes")


def format_number(value: float | int | None) -> str:
    """272066 → 272,066; 7.6 → 7.6; None → -."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def make_templates() -> Jinja2Templates:
    """The page templates with the project's filters and labels."""
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    env = templates.env
    env.trim_blocks = env.lstrip_blocks = True  # a region's page has a table row per figure: no blank lines between them
    env.filters["num"] = format_number
    env.globals |= {"UNIT_LABELS": data.UNIT_LABELS, "REASON_LABELS": data.REASON_LABELS, "KIND_LABELS": data.KIND_LABELS}
    return templates


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query parameter; a wrong one is the caller's error (400) with the fix."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}={value!r}: give a date as YYYY-MM-DD") from None


def metric_names_from_catalog() -> dict[str, str]:
    """Metric id → Chinese name, in catalog order (the default catalog)."""
    from newstrack.crawler.catalog import load_catalog

    return {m.id: m.name for m in load_catalog()}


def create_app(db_url: str, metric_names: dict[str, str] | None = None) -> FastAPI:
    """The application serving ``db_url``; ``metric_names`` (id → 中文名) defaults to the bundled catalog."""
    engine = open_database(db_url)
    names = metric_names if metric_names is not None else metric_names_from_catalog()
    templates = make_templates()
    app = FastAPI(title="newstrack", description="Read-only view of a newstrack database: series, changes, pages.", version="1")
    app.state.engine = engine
    # a region's page is half a megabyte of table rows with 50 series: a phone gets a tenth of it
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")

    def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        """A page with what every page needs: the region list for the search box and the metric names."""
        context |= {"regions_all": data.regions_with_data(engine), "metric_names": names}
        return templates.TemplateResponse(request, template, context, status_code=status_code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        """JSON for the API, a page for a browser."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(request, "error.html", status_code=exc.status_code, message=exc.detail)

    add_pages(app, engine, names, render)
    add_api(app, engine, names)
    add_downloads(app, engine)
    return app


def change_filter(region: str, metric: str, reason: str, since: str | None, until: str | None) -> data.ChangeFilter:
    """The change feed's filters from query parameters."""
    if reason and reason not in data.REASON_LABELS:
        raise HTTPException(400, f"reason={reason!r}: give one of {', '.join(data.REASON_LABELS)}")
    return data.ChangeFilter(region.strip(), metric.strip(), reason, parse_day(since, "since"), parse_day(until, "until"))


def add_pages(app: FastAPI, engine: Engine, names: dict[str, str], render: Callable[..., HTMLResponse]) -> None:
    """The HTML pages."""

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        recent = data.runs(engine, limit=50)
        return render(
            request,
            "overview.html",
            counts=data.counts(engine),
            sources=data.sources(engine, recent),
            rows=data.changes(engine, data.ChangeFilter(), limit=10),
            regions=data.regions_with_data(engine),
        )

    @app.get("/region/{key}", response_class=HTMLResponse)
    def region(request: Request, key: str, metric: str = "") -> HTMLResponse:
        view = data.region_view(engine, key, names, metric or None)
        if view is None:
            raise HTTPException(404, f"no figures stored for region {key!r}" + (f" and metric {metric!r}" if metric else ""))
        return render(request, "region.html", view=view, plots=[c.plot_data() for c in view.charts], metric=metric)

    @app.get("/search", response_class=HTMLResponse, response_model=None)
    def search(request: Request, q: str = "") -> Response:
        found = data.search_regions(data.regions_with_data(engine), q)
        if len(found) == 1:
            return RedirectResponse(f"/region/{found[0].key}", status_code=303)
        return render(request, "search.html", q=q, found=found)

    @app.get("/changes", response_class=HTMLResponse)
    def changes_page(
        request: Request, region: str = "", metric: str = "", reason: str = "", since: str | None = None, until: str | None = None
    ) -> HTMLResponse:
        filters = change_filter(region, metric, reason, since, until)
        rows = data.changes(engine, filters)
        return render(request, "changes.html", rows=rows, filters=filters, choices=data.change_choices(engine))

    @app.get("/changes.atom")
    def changes_atom(
        request: Request, region: str = "", metric: str = "", reason: str = "", since: str | None = None, until: str | None = None
    ) -> Response:
        filters = change_filter(region, metric, reason, since, until)
        rows = data.changes(engine, filters, limit=100)
        base = str(request.base_url).rstrip("/")
        body = render(request, "changes.atom.xml", rows=rows, base=base, filters=filters).body
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/runs", response_class=HTMLResponse)
    def runs_page(request: Request) -> HTMLResponse:
        return render(request, "runs.html", runs=data.runs(engine, limit=100))

    @app.get("/page", response_class=HTMLResponse)
    def page(request: Request, url: str = "", a: int | None = None, b: int | None = None) -> HTMLResponse:
        if not url:
            raise HTTPException(400, "give the page's address: /page?url=http://…")
        view = data.page_view(engine, url)
        if view is None:
            raise HTTPException(404, f"no stored page for {url}")
        versions = {v["version"]: v for v in view["versions"]}
        numbers = sorted(versions)
        new = b if b in versions else (numbers[-1] if numbers else None)
        old = a if a in versions else (numbers[-2] if len(numbers) > 1 else new)
        rows = side_by_side(versions[old]["text"], versions[new]["text"]) if old is not None and new is not None else []
        return render(request, "page.html", view=view, rows=rows, old=old, new=new, numbers=numbers)


def add_api(app: FastAPI, engine: Engine, names: dict[str, str]) -> None:
    """The JSON API: the same data as the pages."""

    @app.get("/api/regions")
    def api_regions() -> list[dict[str, Any]]:
        """Every region with current figures."""
        return [vars(e) | {"key": e.key} for e in data.regions_with_data(engine)]

    @app.get("/api/series")
    def api_series(region: str, metric: str = "") -> dict[str, Any]:
        """The series of one region (code, name or short name), one per metric and unit."""
        view = data.region_view(engine, region, names, metric or None)
        if view is None:
            raise HTTPException(404, f"no figures stored for region {region!r}" + (f" and metric {metric!r}" if metric else ""))
        return {"region": view.region, "region_code": view.region_code, "series": [c.as_dict() for c in view.charts]}

    @app.get("/api/changes")
    def api_changes(
        region: str = "", metric: str = "", reason: str = "", since: str | None = None, until: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        """The change feed, newest first (the export's change records plus `id` and `old_quote`)."""
        return data.changes(engine, change_filter(region, metric, reason, since, until), limit=max(1, min(limit, 10_000)))

    @app.get("/api/runs")
    def api_runs(limit: int = 50) -> list[dict[str, Any]]:
        """The latest crawl runs with their counts and error lines, newest first."""
        return data.runs(engine, limit=max(1, min(limit, 1000)))

    @app.get("/api/page")
    def api_page(url: str) -> dict[str, Any]:
        """One stored page: state, versions with their text, document, reprints, figures."""
        view = data.page_view(engine, url)
        if view is None:
            raise HTTPException(404, f"no stored page for {url}")
        return view


def add_downloads(app: FastAPI, engine: Engine) -> None:
    """The exports of `newstrack export`, as files: /export/pages.csv, /export/changes.jsonl, …"""
    from newstrack.store.export import EXPORTERS, write_records

    @app.get("/export/{name}")
    def download(name: str) -> Response:
        what, _, fmt = name.partition(".")
        if what not in EXPORTS or fmt not in ("csv", "jsonl"):
            raise HTTPException(404, f"{name}: download one of " + ", ".join(f"{w}.csv, {w}.jsonl" for w in EXPORTS))
        out = io.StringIO()
        if fmt == "csv":
            out.write("\ufeff")  # as `newstrack export --format csv`: spreadsheet programs then read the Chinese text
        write_records(EXPORTERS[what](engine), out, fmt)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
        return Response(out.getvalue(), media_type=media, headers={"Content-Disposition": f'attachment; filename="newstrack-{name}"'})
