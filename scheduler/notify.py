"""One message per crawl run that found new reports or logged changes, through apprise.

Channels are apprise URLs in the settings (``[notify] urls = ["json://host/hook", "dingtalk://…"]``):
generic webhooks, e-mail, DingTalk, WeCom, Feishu and everything else apprise supports.  A failed
notification is retried, then logged; it never fails a crawl or stops the daemon.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from newstrack.store.models import Change, CrawlRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def run_message(engine: Engine, run_id: int, max_changes: int = 20) -> Message | None:
    """The message for one run, or None when it found nothing new and changed nothing."""
    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return None
        changes = session.exec(select(Change).where(Change.run_id == run_id).order_by(col(Change.id))).all()
        if not changes and not run.pages_new:
            return None
        lines = [
            f"run {run.id} ({run.sources or run.command}): {run.pages_new} new reports, {run.pages_changed} revised, "
            f"{run.pages_gone} gone, {run.pages_failed} failed, {len(changes)} changes"
        ]
        for c in changes[:max_changes]:
            lines.append(
                f"- {c.region} {c.metric} ({c.unit}, {c.kind}): {_fmt(c.old_value)} ({c.old_as_of or '?'}) → "
                f"{_fmt(c.new_value)} ({c.new_as_of or '?'}) [{c.reason}] {c.new_url}\n  「{c.quote[:120]}」"
            )
        if len(changes) > max_changes:
            lines.append(f"… and {len(changes) - max_changes} more (newstrack export changes)")
        return Message(title=f"newstrack: {len(changes)} changes, {run.pages_new} new reports", body="\n".join(lines))


def send(urls: tuple[str, ...] | list[str], message: Message, attempts: int = 3, pause: float = 2.0) -> bool:
    """Send ``message`` to every channel; True when all of them took it."""
    if not urls:
        return True
    import apprise

    apobj = apprise.Apprise()
    for url in urls:
        if not apobj.add(url):
            log.error("notification URL not understood by apprise: %s", url)
    if len(apobj) == 0:
        return False
    for attempt in range(1, attempts + 1):
        if apobj.notify(title=message.title, body=message.body):
            return True
        log.warning("notification failed (attempt %d of %d)", attempt, attempts)
        if attempt < attempts:
            time.sleep(pause)
    log.error("notification not delivered after %d attempts", attempts)
    return False


def notify_run(engine: Engine, urls: tuple[str, ...] | list[str], run_id: int) -> bool:
    message = run_message(engine, run_id)
    if message is None or not urls:
        return True
    return send(urls, message)
