"""Tags and source on applications: limits, filters, counts, and the search over tags,
contacts and notes."""

from __future__ import annotations

import pytest

from tests.contacts.people import Person, error_of


def ids(answer: dict) -> set[int]:
    """The application ids of a list answer."""
    return {item["id"] for item in answer["items"]}


def test_tags_are_trimmed_lower_cased_and_deduplicated(person: Person):
    application = person.application(tags=[" Remote ", "python", "REMOTE", "Dream Job"])

    assert application["tags"] == ["remote", "python", "dream job"]
    assert application["source"] is None
    changed = person.ok(
        "PATCH", f"/api/applications/{application['id']}", {"tags": [], "source": " LinkedIn "}
    )
    assert (changed["tags"], changed["source"]) == ([], "LinkedIn")
    cleared = person.ok("PATCH", f"/api/applications/{application['id']}", {"source": None})
    assert cleared["source"] is None


@pytest.mark.parametrize(
    ("tags", "named"),
    [
        (["ok", "x" * 33], "x" * 30),
        (["  "], "'  '"),
        (["a;b"], "a;b"),
        (["a,b"], "a,b"),
        ([f"t{n}" for n in range(21)], "At most 20"),
        (["ok", 7], "string"),
    ],
)
def test_tags_over_the_limits_are_refused_naming_the_tag(person: Person, tags: list, named: str):
    body = {"job_id": person.job(), "status_id": 1, "tags": tags}
    error = error_of(person.call("POST", "/api/applications", body), 422)

    assert list(error["details"]) == ["tags"]
    assert named in str(error["details"]["tags"])


def test_twenty_tags_of_32_characters_fit(person: Person):
    tags = [f"{n:02d}" + "x" * 30 for n in range(20)]

    body = {"job_id": person.job(), "status_id": 1, "source": "s" * 101}

    assert person.application(tags=tags)["tags"] == tags
    assert list(error_of(person.call("POST", "/api/applications", body), 422)["details"]) == [
        "source"
    ]


def test_filter_by_several_tags_and_by_source(person: Person, other: Person):
    both = person.application(tags=["remote", "python"], source="LinkedIn")
    remote = person.application(tags=["remote"], source="referral")
    python = person.application(tags=["python", "berlin"], source="linkedin")
    person.application()
    other.application(tags=["remote", "python"], source="LinkedIn")

    def listed(**query) -> set[int]:
        return ids(person.ok("GET", "/api/applications", **query))

    assert listed(tag="remote") == {both["id"], remote["id"]}
    assert listed(tag=["remote", "python"]) == {both["id"]}
    assert listed(tag=["Python", " BERLIN "]) == {python["id"]}
    assert listed(tag=["remote", "berlin"]) == set()
    assert listed(source="LINKEDIN") == {both["id"], python["id"]}
    assert listed(source="linkedin", tag="remote") == {both["id"]}
    refused = person.call("GET", "/api/applications", tag="x" * 33)
    assert list(error_of(refused, 422)["details"]) == ["tag"]


def test_tag_counts_cover_the_callers_live_applications(person: Person, other: Person):
    person.application(tags=["remote", "python"])
    person.application(tags=["remote"])
    gone = person.application(tags=["remote", "gone"])
    person.call("DELETE", f"/api/applications/{gone['id']}")
    other.application(tags=["python", "theirs"])

    assert person.ok("GET", "/api/tags") == {
        "items": [{"name": "remote", "count": 2}, {"name": "python", "count": 1}]
    }
    assert other.ok("GET", "/api/tags")["items"] == [
        {"name": "python", "count": 1},
        {"name": "theirs", "count": 1},
    ]


def test_search_finds_tags_contact_names_and_note_text(person: Person, other: Person):
    tagged = person.application(tags=["fintech"])
    noted = person.application()
    person.note(noted["id"], "The CTO loves **Haskell**")
    linked = person.application()
    person.link(linked["id"], person.contact("Margaret Hamilton")["id"])
    unrelated = person.application(notes="plain summary")
    theirs = other.application()
    other.note(theirs["id"], "haskell fintech hamilton")
    other.link(theirs["id"], other.contact("Margaret Hamilton")["id"])

    def found(q: str) -> set[int]:
        return ids(person.ok("GET", "/api/applications", q=q))

    assert found("FINTECH") == {tagged["id"]}
    assert found("fintec") == set()  # a tag matches whole
    assert found("as") == set()  # note text needs three characters or more (the index)
    assert found("haskell") == {noted["id"]}
    assert found("hamilton") == {linked["id"]}
    assert found("summary") == {unrelated["id"]}
    assert found("acme") == {tagged["id"], noted["id"], linked["id"], unrelated["id"]}
    assert found("%") == set()
    assert ids(other.ok("GET", "/api/applications", q="haskell")) == {theirs["id"]}
    assert person.ok("GET", "/api/applications", q="haskell")["total"] == 1


def test_filters_and_search_keep_a_constant_number_of_queries(person: Person, count_queries):
    for n in range(30):
        application = person.application(tags=["remote"], notes=f"n{n}")
        person.note(application["id"], f"call {n}")
    with count_queries() as small:
        person.ok("GET", "/api/applications", page_size=1)
    with count_queries() as large:
        answer = person.ok("GET", "/api/applications", page_size=30, tag="remote", q="call")
    assert answer["total"] == 30
    assert small.count == large.count


def test_openapi_documents_tags_and_source(client):
    spec = client.get("/api/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/applications"]["get"]["parameters"]}
    schemas = spec["components"]["schemas"]

    assert parameters["tag"]["schema"]["type"] == "array"
    assert "source" in parameters
    assert {"tags", "source", "analysis"} <= set(schemas["Application"]["properties"])
    assert "contacts" in schemas["ApplicationDetail"]["properties"]
    assert "/api/tags" in spec["paths"]
