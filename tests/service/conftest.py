import pytest

from .servers import ServedDatabase, ksbtracker


@pytest.fixture(scope="session")
def served_database(tmp_path_factory):
    """A migrated database with the built-in standards and demo people, for real server processes."""
    database = ServedDatabase(tmp_path_factory.mktemp("served"))
    ksbtracker(database, "setup", "--demo")
    yield database
    database.drop()


@pytest.fixture(scope="session")
def server(served_database):
    """``ksbtracker serve`` (gunicorn, two worker processes) on the served database."""
    from .servers import Server

    running = Server(served_database)
    yield running
    running.stop()
