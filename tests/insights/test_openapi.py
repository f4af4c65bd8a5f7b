"""The OpenAPI document describes the stats, export and import routes."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_routes_are_documented(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]

    stats = paths["/api/applications/stats"]["get"]
    assert [p["name"] for p in stats["parameters"]] == ["weeks"]
    assert stats["security"] == [{"bearerAuth": []}]
    for path in ("/api/applications/export.csv", "/api/jobs/export.csv"):
        assert "text/csv" in paths[path]["get"]["responses"]["200"]["content"]
    upload = paths["/api/applications/import"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"202", "409", "413", "422"} <= set(upload["responses"])
    assert "Location" in upload["responses"]["202"]["headers"]
    assert "200" in paths["/api/imports/{import_id}"]["get"]["responses"]
