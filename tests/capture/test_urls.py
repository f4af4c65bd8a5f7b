"""Canonical URLs: one posting, one address, whatever link led to it."""

from __future__ import annotations

import pytest

from jatify.capture import canonical_url

POSTING = "https://boards.example.com/acme/jobs/4012345"


@pytest.mark.parametrize(
    "link",
    [
        POSTING,
        "https://boards.example.com/acme/jobs/4012345/",
        "https://boards.example.com/acme/jobs/4012345#app",
        "HTTPS://Boards.Example.COM:443/acme/jobs/4012345",
        "https://boards.example.com/acme/jobs/4012345?utm_source=newsletter&utm_medium=email",
        "https://boards.example.com/acme/jobs/4012345?gh_src=8d2f1a&UTM_CAMPAIGN=spring",
        "https://boards.example.com/acme/jobs/4012345?lever-source=LinkedIn&lever-origin=applied",
        "https://boards.example.com/acme/jobs/4012345?fbclid=IwAR0&gclid=Cj0&trk=public",
    ],
)
def test_tracking_fragments_ports_and_case_do_not_make_another_posting(link):
    assert canonical_url(link) == POSTING


def test_parameters_that_name_the_posting_are_kept_in_a_stable_order():
    embedded = "https://acme.example/careers?gh_jid=4012345&utm_source=x&dept=eng"
    assert canonical_url(embedded) == "https://acme.example/careers?dept=eng&gh_jid=4012345"
    assert canonical_url("https://acme.example/careers?dept=eng&gh_jid=4012345") == (
        canonical_url(embedded)
    )


def test_another_port_or_scheme_is_another_address():
    assert canonical_url("http://jobs.example.com:8080/a") == "http://jobs.example.com:8080/a"
    assert canonical_url("http://jobs.example.com/a") != canonical_url("https://jobs.example.com/a")
    assert canonical_url("https://jobs.example.com") == "https://jobs.example.com/"
