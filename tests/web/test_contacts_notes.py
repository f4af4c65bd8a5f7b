"""Contacts, notes and tags in the browser: add a contact to an application, write a note
naming them (markdown, shown without any HTML), tag the application, filter the board."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.page_checks import axe_violations, use_axe

NOTE = (
    "**Phone screen** with Grace went well.\n"
    "- ask about the on-call rota\n"
    "- [team page](https://acme.example/team)\n\n"
    "<script>window.pwned = 1</script> [click me](javascript:window.pwned=2)"
)


def test_contact_note_tag_and_board_filter(page: Page, account, log_in) -> None:
    job = account.post("/api/jobs", {"company": "Acme", "position": "SRE", "description": "Ops"})
    other = account.post("/api/jobs", {"company": "Globex", "position": "SRE", "description": "x"})
    application = account.post("/api/applications", {"job_id": job["id"], "status_id": 1})
    account.post("/api/applications", {"job_id": other["id"], "status_id": 1})
    use_axe(page)
    log_in(account.email)
    page.goto(f"/#/applications/{application['id']}")
    expect(page.get_by_role("heading", name="Acme")).to_be_visible()

    # A new contact, linked as the recruiter.
    contacts = page.locator("section", has=page.get_by_role("heading", name="Contacts"))
    contacts.get_by_role("button", name="Add a contact").click()
    dialog = page.get_by_role("dialog", name="Add a contact")
    dialog.get_by_label("Name", exact=True).fill("Grace Hopper")
    dialog.get_by_label("Email").fill("grace@acme.example")
    dialog.get_by_label("Role").select_option(label="Recruiter")
    dialog.get_by_role("button", name="Add to application").click()
    expect(dialog).to_be_hidden()
    linked = contacts.locator(".linked-contact")
    expect(linked).to_have_count(1)
    expect(linked).to_contain_text("Grace Hopper")
    expect(linked.get_by_label("Role of Grace Hopper")).to_have_value("recruiter")

    # A note naming them, in markdown: formatting shows, HTML and javascript: links do not.
    log = page.locator("section", has=page.get_by_role("heading", name="Log"))
    log.get_by_label("Note", exact=True).fill(NOTE)
    log.get_by_label("Who it was with").select_option(label="Grace Hopper")
    log.get_by_role("button", name="Add note").click()
    note = log.locator("li.note")
    expect(note).to_have_count(1)
    expect(note.locator(".note-meta")).to_contain_text("with Grace Hopper")
    expect(note.locator("strong", has_text="Phone screen")).to_be_visible()
    expect(note.locator(".markdown li")).to_have_count(2)
    expect(note.get_by_role("link", name="team page")).to_have_attribute(
        "href", "https://acme.example/team"
    )
    expect(note).to_contain_text("<script>window.pwned = 1</script>")
    expect(note).to_contain_text("[click me](javascript:window.pwned=2)")
    assert note.locator("script, a[href^='javascript']").count() == 0
    assert page.evaluate("window.pwned") is None
    assert axe_violations(page) == []

    # Tag it from the edit dialog.
    page.get_by_role("button", name="Edit", exact=True).click()
    dialog = page.get_by_role("dialog", name="Edit application")
    dialog.get_by_label("Tags").fill("Remote, dream job")
    dialog.get_by_label("Source").fill("Referral")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".meta-list .tag-chip")).to_have_text(["remote", "dream job"])

    # The board, filtered by the tag: only the tagged application is left.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Board", exact=True).click()
    cards = page.locator(".board-card")
    expect(cards).to_have_count(2)
    page.get_by_role("group", name="Show only applications tagged").get_by_role(
        "button", name=re.compile(r"^remote")
    ).click()
    expect(page).to_have_url(re.compile(r"#/board\?tags=remote$"))
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Acme")
    expect(page.get_by_role("button", name=re.compile(r"^remote"))).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("button", name="Show all").click()
    expect(cards).to_have_count(2)

    # The contact remembers when they were last contacted.
    nav.get_by_role("link", name="Contacts").click()
    card = page.locator(".contact-card", has_text="Grace Hopper")
    expect(card).to_contain_text("Last contacted")
    expect(card.get_by_role("link", name="grace@acme.example")).to_be_visible()
    assert axe_violations(page) == []
