"""``python -m newstrack`` and the ``newstrack`` command: the CLI, imported only when it runs.

Kept apart from ``newstrack.cli`` on purpose: the spawn start method of multiprocessing imports the
parent's main module in every child process, so each extraction worker would otherwise load the
whole CLI (click, SQLModel, Alembic: about 50 MB a worker) only to run ``newstrack.crawler.worker``.  A main
module named ``newstrack.__main__`` is not imported by the children at all.
"""


def main() -> None:
    from newstrack.cli import run

    run()


if __name__ == "__main__":
    main()
