"""The notes benchmark's data: on top of `seed.prepare_database`'s three accounts of 10,000
applications, each account gets 2,000 contacts, one linked to every application, 50,000
notes (five per application, every other one naming a contact), tags and a source.

Tags come from a pool of ten, each on about a fifth of the applications (by a hash);
note texts mix a few templates so that `kubernetes` appears in about 1 % of the notes,
`salary` in about a third, and `zebra` in none.
"""

from __future__ import annotations

import time

import psycopg2

from bench.common import run_sql

TAGS = ("remote", "python", "berlin", "fintech", "startup", "referral", "dream job", "backend",
        "contract", "senior")  # fmt: skip
CONTACTS = 2_000
NOTES_PER_APPLICATION = 5

SEED_SQL = """
INSERT INTO contacts (user_id, name, email, company, title, created_at, updated_at)
SELECT u.id,
       (ARRAY['Grace', 'Alan', 'Ada', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis'])[1 + n %% 8]
       || ' ' || (ARRAY['Hopper', 'Turing', 'Lovelace', 'Hamilton', 'Liskov', 'Ritchie',
                        'Thompson', 'Knuth', 'Perlman', 'Wirth'])[1 + (n / 8) %% 10] || ' ' || n,
       'person' || n || '@company' || (n %% 300) || '.example', 'Company ' || (n %% 300),
       (ARRAY['Recruiter', 'Hiring manager', 'Engineer', 'Talent partner'])[1 + n %% 4],
       now() - make_interval(days => n %% 365), now() - make_interval(days => n %% 365)
FROM generate_series(1, %(contacts)s) AS n CROSS JOIN unnest(%(users)s::bigint[]) AS u(id)
ORDER BY n, u.id;

UPDATE applications AS a
SET tags = ARRAY(SELECT t FROM unnest(%(tags)s::text[]) AS p(t)
                 WHERE (hashtext(a.id || ':' || t) & 1023) < 205),
    source = (ARRAY['LinkedIn', 'Referral', 'Company site', 'Indeed', NULL])[1 + a.id %% 5]
WHERE a.user_id = ANY(%(users)s::bigint[]);

INSERT INTO application_contacts (application_id, contact_id, role)
SELECT a.id, c.ids[1 + a.id %% %(contacts)s],
       (ARRAY['recruiter', 'hiring_manager', 'interviewer', 'referrer', 'other'])[1 + a.id %% 5]
FROM applications AS a
JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids FROM contacts
              WHERE user_id = a.user_id) AS c ON true
WHERE a.user_id = ANY(%(users)s::bigint[]);

INSERT INTO application_notes (user_id, application_id, contact_id, body, created_at,
                               updated_at)
SELECT a.user_id, a.id,
       CASE WHEN k %% 2 = 0 THEN c.ids[1 + (a.id + k) %% %(contacts)s] END,
       (ARRAY[
           'Call with the recruiter about the team and the **next steps**; they want a '
           || 'take-home by Friday.',
           'Sent a thank-you email after the interview. Asked about the salary band and the '
           || 'on-call rota.',
           'Technical screen: system design of a job queue, then SQL questions '
           || '(window functions, indexes).',
           'Follow-up: no answer yet, ping again next week. - check the careers page '
           || '- ask for feedback',
           'Notes from the onsite: met four engineers, lunch with the hiring manager, '
           || 'salary expectations discussed.'
       ])[1 + (a.id + k) %% 5]
       || CASE WHEN (a.id * 5 + k) %% 100 = 0 THEN ' They run everything on Kubernetes.'
               ELSE '' END
       || ' (' || a.id || '-' || k || ')',
       a.created_at + make_interval(hours => k * 30), a.created_at + make_interval(hours => k * 30)
FROM applications AS a
CROSS JOIN generate_series(1, %(notes)s) AS k
JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids FROM contacts
              WHERE user_id = a.user_id) AS c ON true
WHERE a.user_id = ANY(%(users)s::bigint[])
ORDER BY a.id, k;
"""


def seed_notes(url: str, user_ids: list[int]) -> dict[str, int]:
    """Add the contacts, links, notes and tags to the accounts; what was written."""
    started = time.perf_counter()
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        cursor.execute(
            SEED_SQL,
            {"users": user_ids, "tags": list(TAGS), "contacts": CONTACTS,
             "notes": NOTES_PER_APPLICATION},
        )  # fmt: skip
    connection.close()
    run_sql(url, "VACUUM ANALYZE")
    counts = {
        table: run_sql(url, f"SELECT count(*) FROM {table} WHERE {where}", (user_ids[0],))[0][0]
        for table, where in (
            ("applications", "user_id = %s"),
            ("contacts", "user_id = %s"),
            ("application_notes", "user_id = %s"),
            ("application_contacts", "contact_id IN (SELECT id FROM contacts WHERE user_id = %s)"),
        )
    }
    print(f"notes seeded in {time.perf_counter() - started:.1f}s: {counts}", flush=True)
    return counts
