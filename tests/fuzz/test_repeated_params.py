"""Fuzzing with repeated parameters: a schema-valid GET with one scalar query parameter
given twice (`?page=1&page=1`) is refused with 422 naming it, never served as page 1.

Issue #11, defect 11: `page` and `page_size` given as arrays were accepted. The cases are
schemathesis's positive cases of every GET operation with a scalar query parameter.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from tests.fuzz.harness import TALLY, TARGET, FuzzAccount
from tests.fuzz.test_openapi_fuzz import (
    DOCUMENT,
    FUZZ_DERANDOMIZE,
    FUZZ_EXAMPLES,
    without_python_flags,
)


def scalar_query_parameters(document: dict[str, Any]) -> dict[str, list[str]]:
    """`GET path` -> the names of its query parameters that are not lists."""
    found = {}
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        names = [
            parameter["name"]
            for parameter in operation.get("parameters", []) + item.get("parameters", [])
            if parameter["in"] == "query" and parameter["schema"].get("type") != "array"
        ]
        if names:
            found[f"GET {path}"] = sorted(names)
    return found


SCALARS = scalar_query_parameters(DOCUMENT)
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "positive",
            "max-examples": max(FUZZ_EXAMPLES // 4, 5),
            "database": "none",
        }
    }
)
schema = schemathesis.openapi.from_dict(without_python_flags(DOCUMENT), config=CONFIG).include(
    lambda ctx: ctx.operation.label in SCALARS
)
schema.app = TARGET


def test_the_document_has_scalar_query_parameters_to_repeat():
    assert {"page", "page_size"} <= set(SCALARS["GET /api/jobs"])


@schema.parametrize()
@settings(
    max_examples=max(FUZZ_EXAMPLES // 4, 5),
    deadline=None,
    derandomize=FUZZ_DERANDOMIZE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_scalar_query_parameter_given_twice_is_refused(
    case: schemathesis.Case, fuzz_account: FuzzAccount
):
    for name, value in list(case.path_parameters.items()):
        case.path_parameters[name] = fuzz_account.seeded(name, value)
    names = SCALARS[case.operation.label]
    query = dict(case.query or {})
    repeated = next((name for name in names if name in query), names[0])
    value = query.get(repeated, "1")
    query[repeated] = [value, value]
    case.query = query

    response = case.call(headers=fuzz_account.headers_for("GET", case.path))
    TALLY.record(case.operation.label, response.status_code)

    assert response.status_code == 422, (case.as_curl_command(), response.text)
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][repeated] == ["Give this parameter once."]
