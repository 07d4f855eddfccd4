"""``python -m scheduler`` and the ``newstrack`` command: the CLI, imported only when it runs.

Kept apart from ``scheduler.cli`` on purpose: the spawn start method of multiprocessing imports the
parent's main module in every child process, so each extraction worker would otherwise load the
whole CLI (click, SQLModel, Alembic: about 50 MB a worker) only to run ``crawler.worker``.  A main
module named ``scheduler.__main__`` is not imported by the children at all.
"""


def main() -> None:
    from scheduler.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
