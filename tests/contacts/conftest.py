"""Fixtures of the contacts, notes and tags tests: people acting through the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.contacts.people import Person


@pytest.fixture
def make_person(client: FlaskClient, make_headers: Callable[..., dict[str, str]]) -> Callable:
    """Register a new account and return it as a Person."""
    return lambda: Person(client, make_headers())


@pytest.fixture
def person(make_person: Callable[[], Person]) -> Person:
    """The account under test."""
    return make_person()


@pytest.fixture
def other(make_person: Callable[[], Person]) -> Person:
    """A second account, which must reach nothing of `person`'s."""
    return make_person()
