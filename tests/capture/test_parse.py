"""Reading postings out of career pages: JSON-LD in every shape sites write it, then
microdata, OpenGraph and the readable text, in that order of trust."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from jatify.capture import CaptureFailure, parse_page
from jatify.vocabulary import CaptureError, CaptureMethod
from tests.capture.career_site import page

URL = "https://jobs.example.com/posting/1?utm_source=feed#apply"


def json_ld_page(posting: dict[str, Any], head: str = "") -> str:
    """A page whose JSON-LD is one JobPosting with these properties."""
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Engineer"}
    script = json.dumps({**data, **posting})
    return (
        f'<html><head>{head}<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Engineer</h1></body></html>"
    )


def test_a_greenhouse_page_reads_its_json_ld_and_honours_rel_canonical():
    posting = parse_page(
        page("greenhouse"), "https://boards.example.com/northwind/jobs/4012345?gh_src=x"
    )

    assert posting.method == CaptureMethod.JSON_LD
    assert (posting.company, posting.position) == ("Northwind Analytics", "Senior Backend Engineer")
    assert posting.location == "Berlin, Germany"
    assert posting.salary == "EUR 75,000\u201390,000 per year"
    assert (posting.posted_at, posting.valid_through) == (date(2026, 3, 2), date(2099, 6, 30))
    assert posting.employment_type == "FULL_TIME"
    assert posting.description.startswith("About the role\n\nBuild the APIs")
    assert "• Run background jobs on a PostgreSQL queue" in posting.description
    assert "code review & clear writing" in posting.description
    assert (
        posting.url == posting.canonical_url == "https://boards.example.com/northwind/jobs/4012345"
    )


def test_a_lever_page_reads_a_graph_a_company_name_and_remote_work():
    posting = parse_page(page("lever"), "https://jobs.example.com/globex/5f1e?lever-source=x")

    assert (posting.company, posting.position) == ("Globex", "Site Reliability Engineer")
    assert posting.location == "Remote (USA)"
    assert posting.salary == "USD 65 per hour"
    assert posting.employment_type == "FULL_TIME, CONTRACTOR"
    assert posting.posted_at == date(2026, 2, 20)
    assert posting.canonical_url == "https://jobs.example.com/globex/5f1e"


def test_a_workday_page_reads_every_location_and_a_salary_range():
    posting = parse_page(page("workday"), "https://initech.example/job/R-0042")

    assert posting.company == "Initech"
    assert posting.location == "Austin, TX, US; Denver, CO, US; Toronto, Canada"
    assert posting.salary == "USD 120,000\u2013150,000 per year"
    assert posting.employment_type == "FULL_TIME"
    assert posting.valid_through == date(2099, 12, 31)


def test_a_page_with_only_microdata():
    posting = parse_page(page("microdata"), "https://umbrella.example/careers/qa")

    assert posting.method == CaptureMethod.MICRODATA
    assert (posting.company, posting.position) == ("Umbrella Health", "QA Analyst")
    assert (posting.location, posting.salary) == ("Leeds, UK", "GBP 32,000")
    assert (posting.posted_at, posting.employment_type) == (date(2026, 4, 1), "PART_TIME")
    assert "Automate regression tests with Playwright" in posting.description


def test_a_page_with_only_opengraph_takes_its_text_from_the_page():
    posting = parse_page(page("opengraph"), "https://hooli.example/jobs/designer")

    assert posting.method == CaptureMethod.OPENGRAPH
    assert (posting.company, posting.position) == ("Hooli", "Product Designer")
    assert "portfolio with real product work" in posting.description
    assert "All rights reserved" not in posting.description


def test_a_page_without_metadata_is_read_as_its_main_text():
    posting = parse_page(page("article"), "https://vandelay.example/jobs/lead")

    assert posting.method == CaptureMethod.READABLE_TEXT
    assert (posting.company, posting.position) == ("Vandelay Industries", "Warehouse Team Lead")
    assert "forklift licence" in posting.description
    assert "129 West 81st Street" not in posting.description


@pytest.mark.parametrize(
    ("organization", "company"),
    [
        ("Acme Corp", "Acme Corp"),
        ({"@type": "Organization", "name": "Acme Corp"}, "Acme Corp"),
        ([{"@type": "Organization", "name": "Acme Corp"}], "Acme Corp"),
        ("Acme &amp; Sons", "Acme & Sons"),
    ],
)
def test_hiring_organization_as_text_or_an_organization(organization, company):
    assert parse_page(json_ld_page({"hiringOrganization": organization}), URL).company == company


@pytest.mark.parametrize(
    ("properties", "location"),
    [
        (
            {"jobLocation": {"address": {"addressLocality": "Paris", "addressCountry": "FR"}}},
            "Paris, FR",
        ),
        (
            {"jobLocation": {"@type": "Place", "address": "1 Main St, Springfield"}},
            "1 Main St, Springfield",
        ),
        ({"jobLocation": "Oslo"}, "Oslo"),
        (
            {
                "jobLocation": [
                    {"address": {"addressLocality": "Lyon"}},
                    {"address": {"addressLocality": "Nice"}},
                ]
            },
            "Lyon; Nice",
        ),
        ({"jobLocationType": "TELECOMMUTE"}, "Remote"),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": [
                    {"@type": "Country", "name": "DE"},
                    {"@type": "Country", "name": "AT"},
                ],
                "jobLocation": {"address": {"addressLocality": "Vienna"}},
            },
            "Remote (DE, AT); Vienna",
        ),
        (
            {"jobLocation": {"address": {"addressCountry": {"@type": "Country", "name": "Japan"}}}},
            "Japan",
        ),
    ],
)
def test_job_location_as_one_place_a_list_or_remote(properties, location):
    assert parse_page(json_ld_page(properties), URL).location == location


@pytest.mark.parametrize(
    ("salary", "text"),
    [
        (
            {
                "@type": "MonetaryAmount",
                "currency": "USD",
                "value": {
                    "@type": "QuantitativeValue",
                    "minValue": 100000,
                    "maxValue": 130000,
                    "unitText": "YEAR",
                },
            },
            "USD 100,000\u2013130,000 per year",
        ),
        ({"currency": "EUR", "value": {"value": 45.5, "unitText": "HOUR"}}, "EUR 45.50 per hour"),
        ({"currency": "GBP", "value": 52000, "unitText": "YEAR"}, "GBP 52,000 per year"),
        (
            {"currency": "CHF", "value": {"minValue": "9,000", "unitText": "MONTH"}},
            "CHF 9,000 per month",
        ),
        (60000, "60,000"),
        ("Competitive", "Competitive"),
    ],
)
def test_base_salary_as_a_monetary_amount_a_range_a_number_or_text(salary, text):
    assert parse_page(json_ld_page({"baseSalary": salary}), URL).salary == text


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2026-05-04", date(2026, 5, 4)),
        ("2026-05-04T10:00:00Z", date(2026, 5, 4)),
        ("2026-05-04T23:30:00-07:00", date(2026, 5, 4)),
        ("2026-05-04T10:00", date(2026, 5, 4)),
        ("2026-05-04 10:00:00 UTC", date(2026, 5, 4)),
        ("soon", None),
    ],
)
def test_dates_with_or_without_a_time(raw, day):
    posting = parse_page(json_ld_page({"datePosted": raw, "validThrough": raw}), URL)
    assert posting.posted_at == posting.valid_through == day


def test_employment_types_become_schema_org_codes_and_free_text_stays():
    posting = parse_page(json_ld_page({"employmentType": ["Full-time", "INTERN", "Seasonal"]}), URL)
    assert posting.employment_type == "FULL_TIME, INTERN, Seasonal"


def test_a_broken_json_ld_script_does_not_hide_the_posting_after_it():
    html = (
        '<html><head><script type="application/ld+json">{"@type": "JobPosting", oops</script>'
        + json_ld_page({"hiringOrganization": "Acme"}).removeprefix("<html><head>")
    )
    posting = parse_page(html, URL)
    assert (posting.method, posting.company) == (CaptureMethod.JSON_LD, "Acme")


def test_a_posting_nested_in_another_entity_is_found():
    page_data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "mainEntity": {
            "@type": "schema:JobPosting",
            "title": "Nurse",
            "hiringOrganization": "St Mary",
        },
    }
    script = f'<script type="application/ld+json">{json.dumps(page_data)}</script>'
    html = script + "<p>Care for patients.</p>"
    posting = parse_page(html, URL)
    assert (posting.position, posting.company) == ("Nurse", "St Mary")


def test_without_rel_canonical_the_link_itself_is_cleaned():
    posting = parse_page(json_ld_page({}), URL)
    assert posting.canonical_url == "https://jobs.example.com/posting/1"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body></body></html>",
        "<html><head><title>Log in</title></head><body><form>Password</form></body></html>",
    ],
)
def test_a_page_that_shows_no_posting_is_not_a_posting(html):
    with pytest.raises(CaptureFailure) as raised:
        parse_page(html, URL)
    assert raised.value.code == CaptureError.NOT_A_POSTING


@pytest.mark.parametrize("amount", ["Infinity", "NaN", "-Infinity", "1e400"])
def test_amounts_json_cannot_write_as_numbers_are_no_salary(amount):
    script = '{"@type": "JobPosting", "title": "Engineer", "baseSalary": ' + amount + "}"
    html = f'<script type="application/ld+json">{script}</script><p>Build things.</p>'
    assert parse_page(html, URL).salary is None
