"""Alembic environment: batch mode for SQLite, the app's metadata as target."""
from pathlib import Path

from alembic import context
from sqlalchemy import create_engine, make_url

from sigma_desktop.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = make_url(config.get_main_option("sqlalchemy.url"))
    if url.get_backend_name() == "sqlite" and url.database:
        # the development database (alembic.ini: out/alembic-dev.sqlite3): its folder is not in a fresh clone
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
