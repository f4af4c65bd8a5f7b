"""Every page at desktop (1366 x 900) and phone (390 x 844) size, with a realistic account
whose longest job listing has a 200-character name: axe-core finds no serious or critical
violation, nothing scrolls sideways, and no text is cut off without its full version.

One account and one page walk the whole interface (each page is checked at both sizes
before the next is opened) to keep the suite fast.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.web.conftest import JOB
from tests.web.page_checks import (
    DESKTOP,
    PHONE,
    axe_violations,
    layout_problems,
    unreachable,
    use_axe,
)
from tests.web.test_failures import seed_dead_letter

# 200 characters each, with 73 characters (a pasted address, a list of skills) that have no
# space to break at.
LONG_COMPANY = (
    "Northwind Analytics and Forecasting Holdings, careers page "
    "https://careers.northwind-analytics.example/teams/platform-data/apply-now "
    "(Berlin, Munich, Hamburg or fully remote within the European Union)"
)
LONG_POSITION = (
    "Senior Staff Backend Engineer, Forecasting Platform: "
    "Python/Flask/SQLAlchemy/PostgreSQL/Kafka/Kubernetes/Terraform/Prometheus, "
    "on the data team, reporting to the Director of Engineering, hybrid Berlin"
)
RESULT = {
    "score": 64,
    "summary": "A partial match: the backend skills are there, observability is missing.",
    "matched_keywords": ["Python", "Flask", "PostgreSQL"],
    "missing_keywords": ["Prometheus", "OpenTelemetry"],
    "strengths": ["Names the exact stack of the listing"],
    "weaknesses": ["No monitoring experience shown"],
    "suggestions": ["Add a bullet about the dashboards you built"],
}


def seed_account(account, sql) -> dict[str, str]:
    """Listings, an application in every status, a read resume, an analysis, a dead letter."""
    for name in (LONG_COMPANY, LONG_POSITION):
        assert len(name) == 200
        assert max(len(word) for word in name.split()) == 73
    long_job = account.post(
        "/api/jobs", {**JOB, "company": LONG_COMPANY, "position": LONG_POSITION}
    )
    job = account.post("/api/jobs", JOB)
    applications = [
        account.post(
            "/api/applications",
            {"job_id": (long_job if status_id == 1 else job)["id"], "status_id": status_id},
        )
        for status_id in range(1, 11)
    ]
    resume = account.upload(b"Backend engineer: Python, Flask, PostgreSQL, Docker.", "cv.txt")
    sql(
        "UPDATE resumes SET text_status = 'ready', text = 'Backend engineer: Python, Flask.'"
        " WHERE id = :id",
        id=resume["id"],
    )
    [[analysis_id]] = sql(
        "INSERT INTO analyses (id, user_id, resume_id, job_id, status, result, provider,"
        " finished_at) VALUES (gen_random_uuid(), :user_id, :resume_id, :job_id, 'done',"
        " CAST(:result AS jsonb), 'builtin', now()) RETURNING id",
        user_id=account.user["id"],
        resume_id=resume["id"],
        job_id=long_job["id"],
        result=json.dumps(RESULT),
    )
    seed_dead_letter(sql, account.user["id"], "model endpoint answered 503 Service Unavailable")
    sql("UPDATE users SET is_admin = true WHERE id = :id", id=account.user["id"])
    return {
        "application": f"#/applications/{applications[0]['id']}",
        "job": f"#/jobs/{long_job['id']}",
        "resume": f"#/resumes/{resume['id']}",
        "analysis": f"#/analyses/{analysis_id}",
    }


def check_both_sizes(page: Page, name: str, found: list[str]) -> None:
    """Run axe-core and the layout checks at desktop then phone size, back at desktop."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        found += [f"{name} ({label}): {problem}" for problem in axe_violations(page)]
        found += [f"{name} ({label}): {problem}" for problem in layout_problems(page)]
    page.set_viewport_size(DESKTOP)


# Cards (or their content) wider than the room inside their column's padding.
WIDE_CARDS = """() => [...document.querySelectorAll('.board-card')].filter((card) => {
  const column = card.closest('.board-column');
  const style = getComputedStyle(column);
  const room = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return card.offsetWidth > room + 0.5 || card.scrollWidth > card.clientWidth;
}).map((card) => card.querySelector('.board-card-title').textContent.slice(0, 30))"""


def board_columns_keep_their_width(page: Page) -> list[str]:
    """Every board column as wide as the others, every card inside its column."""
    widths = page.evaluate(
        "[...document.querySelectorAll('.board-column')].map((c) => c.offsetWidth)"
    )
    problems = [f"board card wider than its column: {title}" for title in page.evaluate(WIDE_CARDS)]
    if max(widths) - min(widths) > 1:
        problems.append(f"board columns of different widths: {sorted(set(widths))}")
    return problems


def test_every_page_passes_axe_and_fits_desktop_and_phone_screens(page: Page, account, log_in, sql):
    addresses = seed_account(account, sql)
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(DESKTOP)
    use_axe(page)
    found: list[str] = []

    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("meta[name=viewport]").count() == 1
    expect(page.get_by_role("main")).to_have_count(1)
    check_both_sizes(page, "/api/docs", found)

    for address in ("#/login", "#/register", "#/forgot", "#/reset?token=x"):
        page.goto(f"/{address}")
        expect(page.locator("main h1")).to_be_visible()
        check_both_sizes(page, address, found)

    log_in(account.email)
    expect(page.locator(".board-card")).to_have_count(10)
    found += board_columns_keep_their_width(page)
    check_both_sizes(page, "#/board", found)
    page.locator(".board-card summary").first.click()
    check_both_sizes(page, "#/board with a menu open", found)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    check_both_sizes(page, "#/board's dialog", found)
    page.keyboard.press("Escape")

    pages = [
        "#/applications",
        "#/applications/import",
        addresses["application"],
        "#/jobs",
        addresses["job"],
        "#/resumes",
        addresses["resume"],
        addresses["analysis"],
        "#/dashboard",
        "#/settings",
        "#/admin/dlq",
        "#/no/such/page",
    ]
    for address in pages:
        page.goto(f"/{address}")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main .loading")).to_have_count(0)
        check_both_sizes(page, address, found)
        if address == addresses["application"]:
            page.locator(".page-header .menu summary").click()
            assert unreachable(page, ".menu[open] .menu-list button") == []
            check_both_sizes(page, f"{address} with its menu open", found)

    assert not found, "\n".join(found)
