"""Property-based fuzzing of every documented operation, generated from /api/openapi.json.

schemathesis builds valid and invalid requests for each operation (bodies, query and
path parameters, multipart uploads) and checks each answer: never a 5xx, a status code,
content type, headers and body the document describes (errors use each operation's
documented `default` envelope), invalid input refused, and authentication enforced.
See tests/fuzz/README.md for longer runs.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import jsonschema_rs
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from jatify import create_app
from tests.conftest import TEST_SECRET
from tests.fuzz.harness import TALLY, TARGET, FuzzAccount

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ_DERANDOMIZE = os.environ.get("FUZZ_RANDOM", "") != "1"
# positive_data_acceptance is left out: the document cannot say that `job_id` must be one
# of the caller's listings, that an upload must really be a PDF, DOCX or text, or that a
# CSV must be UTF-8, so schema-valid requests are rightly refused (documented 415/422).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
    missing_required_header,
    unsupported_method,
]
# Python-only regex syntax the document still carries (see test_documented_patterns_are_
# ecma_regexes); dropped from the fuzzer's copy so the rest of the operation is fuzzed.
PYTHON_ONLY_FLAGS = "(?s)"


def served_document() -> dict[str, Any]:
    """The OpenAPI document, from an app that needs no database to describe itself."""
    app = create_app(
        {
            "JATIFY_ENV": "testing",
            "DATABASE_URL": "postgresql://unused@127.0.0.1:9/unused",
            "JWT_SECRET_KEY": TEST_SECRET,
            "LOG_LEVEL": "warning",
        }
    )
    return app.test_client().get("/api/openapi.json").get_json()


def patterns(node: Any) -> list[str]:
    """Every `pattern` keyword in a JSON document."""
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [item for value in node.values() for item in patterns(value)]
    if isinstance(node, list):
        return [item for value in node for item in patterns(value)]
    return []


def without_python_flags(node: Any) -> Any:
    """A copy of the document with Python-only inline regex flags removed."""
    document = copy.deepcopy(node)
    stack = [document]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("pattern"), str):
                current["pattern"] = current["pattern"].replace(PYTHON_ONLY_FLAGS, "")
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return document


DOCUMENT = served_document()
CONFIG = schemathesis.Config.from_dict(
    {"generation": {"max-examples": FUZZ_EXAMPLES, "database": "none"}}
)
schema = schemathesis.openapi.from_dict(without_python_flags(DOCUMENT), config=CONFIG)
schema.app = TARGET


def test_the_fuzzed_document_is_the_one_the_app_serves(client):
    assert client.get("/api/openapi.json").get_json() == DOCUMENT


def test_documented_patterns_are_ecma_regexes():
    """OpenAPI patterns are ECMA-262 regexes; clients and validators reject Python syntax."""
    invalid = []
    for pattern in patterns(DOCUMENT):
        try:
            jsonschema_rs.Draft4Validator({"type": "string", "pattern": pattern})
        except jsonschema_rs.ValidationError:
            invalid.append(pattern)

    assert invalid == []


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=FUZZ_DERANDOMIZE,
    database=None,
    # The account is created once per operation on purpose: cases build on its records.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case: schemathesis.Case, fuzz_account: FuzzAccount):
    for name, value in list(case.path_parameters.items()):
        case.path_parameters[name] = fuzz_account.seeded(name, value)
    # A case whose point is a missing or broken Authorization header is sent as generated.
    negated = case.operation.schema.is_security_param_negated(case)
    headers = {} if negated else fuzz_account.headers_for(case.method.upper(), case.path)

    response = case.call(headers=headers)
    TALLY.record(case.operation.label, response.status_code)

    case.validate_response(response, headers=headers, checks=CHECKS)
