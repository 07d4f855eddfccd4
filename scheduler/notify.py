"""One message per crawl run that found new reports or logged changes, through apprise.

Channels are apprise URLs in the settings (``[notify] urls = ["json://host/hook", "dingtalk://…"]``):
generic webhooks, e-mail, DingTalk, WeCom, Feishu and everything else apprise supports.  A channel
that fails is retried alone (the others are not sent the message again), then logged; it never
fails a crawl or stops the daemon.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

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
    """Send ``message`` to every channel; True when all of them took it.

    Each channel is its own apprise object, so a channel that fails is retried alone and the
    channels that took the message do not get it again."""
    if not urls:
        return True
    import apprise

    pending: dict[str, Any] = {}
    for url in urls:
        channel = apprise.Apprise()
        if channel.add(url):
            plugin: Any = channel[0]
            pending[plugin.url(privacy=True)] = channel  # the URL with its secrets masked, for the log
        else:
            log.error("notification URL not understood by apprise: %s", url.split("://", 1)[0] + "://…")
    all_understood = len(pending) == len(urls)
    for attempt in range(1, attempts + 1):
        for name, channel in list(pending.items()):
            if channel.notify(title=message.title, body=message.body):
                del pending[name]
        if not pending:
            return all_understood
        log.warning("notification failed on %s (attempt %d of %d)", ", ".join(pending), attempt, attempts)
        if attempt < attempts:
            time.sleep(pause)
    log.error("notification not delivered to %s after %d attempts", ", ".join(pending), attempts)
    return False


def notify_run(engine: Engine, urls: tuple[str, ...] | list[str], run_id: int) -> bool:
    message = run_message(engine, run_id)
    if message is None or not urls:
        return True
    return send(urls, message)
