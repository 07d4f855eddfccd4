"""``newstrack web``: a read-only web view of the database (overview, region charts, change feed,
page versions, JSON API and CSV downloads).  ``newstrack.web.app.create_app(db_url)`` builds the
FastAPI application; ``newstrack.web.command`` holds the command line (which imports FastAPI only
when the command runs, so ``newstrack --help`` stays fast)."""
