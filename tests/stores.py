"""Store fixtures for the contract tests: every implementation a user can run.

* ``memory``: the in-process store the simulation uses.
* ``sqlite``: the embedded default, in a temporary file.
* ``mongo``: the real pymongo driver over the wire to SecantusDB (docs/rules/stores.md §3: 29/29
operation
  checks), started in-process by the tests on a free port.
* ``mongod``: also against a real server when ``GRADING_TEST_MONGO_URI`` is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from grading.core.schemas import Schema
from grading.core.schemas.native import NATIVE
from grading.core.schemas.proppr import PROPPR
from grading.edges.store.memory import MemoryAlertStore
from grading.edges.store.mongo import MongoAlertStore
from grading.edges.store.sqlite import SqliteAlertStore

STORE_KINDS = ["memory", "sqlite", "mongo"] + (
    ["mongod"] if os.environ.get("GRADING_TEST_MONGO_URI") else []
)


@pytest.fixture(scope="session")
def secantus_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SecantusDB server for the whole session (starts in well under a second)."""
    from secantus import SecantusDBServer

    server = SecantusDBServer(
        host="127.0.0.1", port=0, storage_path=str(tmp_path_factory.mktemp("secantus"))
    )
    server.start()
    yield server.uri
    server.stop()


def make_store(
    kind: str, request: pytest.FixtureRequest, tmp_path, schema: Schema = NATIVE
) -> Iterator:
    """A fresh, indexed store of ``kind``; Mongo stores get a database of their own."""
    if kind == "memory":
        store = MemoryAlertStore(schema)
    elif kind == "sqlite":
        store = SqliteAlertStore(tmp_path / "alerts.db", schema=schema)
    else:
        uri = (
            request.getfixturevalue("secantus_uri")
            if kind == "mongo"
            else os.environ["GRADING_TEST_MONGO_URI"]
        )
        store = MongoAlertStore(uri, f"test_{uuid.uuid4().hex[:12]}", schema=schema)
    store.ensure_indexes()
    yield store
    if kind in ("mongo", "mongod"):
        store._db().client.drop_database(store.database)
    store.close()


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator:
    yield from make_store(request.param, request, tmp_path)


@pytest.fixture
def sqlite_store(request: pytest.FixtureRequest, tmp_path) -> Iterator:
    """The embedded store alone, for behaviour specified on one implementation."""
    yield from make_store("sqlite", request, tmp_path)


@pytest.fixture(params=[kind for kind in STORE_KINDS if kind != "memory"])
def shared_store(request: pytest.FixtureRequest, tmp_path) -> Iterator:
    """Stores another process can open (the CLI tools, a second daemon)."""
    yield from make_store(request.param, request, tmp_path)


@pytest.fixture(params=STORE_KINDS)
def proppr_store(request: pytest.FixtureRequest, tmp_path) -> Iterator:
    """Every store, holding PROPPR's documents (docs/rules/proppr.md)."""
    yield from make_store(request.param, request, tmp_path, PROPPR)
