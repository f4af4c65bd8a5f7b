// "Paste a link": capture a job posting from its link (or its pasted text) into a job
// listing. The queue fetches and reads the posting; this box follows the capture until
// it is done and shows the listing it made, or says in words why it failed.

import { api } from '../api.js';
import { h, sleep } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { statusRegion } from '../ui.js';

const POLL_MS = 800;
const WAIT_MS = 120_000;
const LINK = /^https?:\/\/\S+$/i;

const FAILURES = {
  blocked_address: 'That address is on a private network, so Jatify does not fetch it.',
  http_error:
    'The site answered with an error or could not be reached. Check the link, or paste the posting’s text instead.',
  too_large: 'The page is larger than 2 MB. Paste the posting’s text instead.',
  timeout: 'The site took too long to answer. Try again later, or paste the posting’s text.',
  not_a_posting: 'That page does not look like a job posting. Paste the posting’s text instead.',
  bad_url: 'That link cannot be fetched: it must be an http(s) address of a site that exists.',
};
const METHODS = {
  'json-ld': 'Read from the posting’s job data on the page.',
  microdata: 'Read from the posting’s job data on the page.',
  opengraph: 'Read from the page’s title and summary: check the company and position.',
  'readable-text': 'Read from the page’s text: check the company and position.',
  text: 'Read from the text you pasted: check the company and position.',
};

/** The capture once it is no longer pending (or as it is when waiting gives up). */
async function settled(capture, signal) {
  const deadline = Date.now() + WAIT_MS;
  let current = capture;
  while (current.status === 'pending' && Date.now() < deadline && !signal.aborted) {
    await sleep(POLL_MS, signal);
    if (!signal.aborted) current = await api.get(`/api/captures/${current.id}`);
  }
  return current;
}

function progress(text) {
  return h(
    'p',
    { class: 'progress-line' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text,
  );
}

function outcome(capture) {
  if (capture.status === 'done' && capture.job) {
    const job = capture.job;
    const facts = [job.location, job.salary].filter(Boolean).join(' · ');
    return h(
      'div',
      { class: 'alert alert-info capture-result' },
      h(
        'p',
        { class: 'alert-title' },
        'Captured: ',
        h('a', { href: `#/jobs/${job.id}` }, `${job.company} — ${job.position}`),
      ),
      facts ? h('p', {}, facts) : null,
      h('p', { class: 'muted small' }, METHODS[capture.method] || ''),
    );
  }
  if (capture.status === 'failed') {
    return h(
      'div',
      { class: 'alert alert-error', role: 'alert' },
      h('p', { class: 'alert-title' }, 'The posting could not be captured.'),
      h('p', {}, FAILURES[capture.error] || FAILURES.http_error),
    );
  }
  return h(
    'div',
    { class: 'alert alert-warning' },
    h(
      'p',
      {},
      'Still working on it: the listing appears in your job listings as soon as it is ready.',
    ),
  );
}

/** The "Paste a link" panel; `onCaptured(job)` runs once a capture made a listing. */
export function captureBox({ signal, onCaptured }) {
  const status = h('div', statusRegion('capture-status'));
  const form = formEl({
    className: 'form capture-form',
    fields: [
      field({
        name: 'posting',
        label: 'Paste a link',
        type: 'textarea',
        required: true,
        rows: 2,
        maxlength: 20000,
        placeholder: 'https://…',
        hint: 'The link to a job posting, or the posting’s text. Jatify fills in the listing for you.',
      }),
    ],
    submitLabel: 'Capture posting',
  });
  onSubmit(form, async () => {
    const value = form.elements.posting.value.trim();
    const body = LINK.test(value) ? { url: value } : { text: value };
    const capture = await api.post('/api/jobs/capture', body);
    status.replaceChildren(progress(body.url ? 'Fetching the posting…' : 'Reading the posting…'));
    const done = await settled(capture, signal);
    if (signal.aborted) return;
    status.replaceChildren(outcome(done));
    if (done.status === 'done' && done.job) {
      form.reset();
      onCaptured?.(done.job);
    }
  });
  return h(
    'section',
    { class: 'card panel capture-panel', 'aria-labelledby': 'capture-title' },
    h('h2', { id: 'capture-title', class: 'panel-title' }, 'Capture a posting'),
    form,
    status,
  );
}

/** "Posting closed" for a listing whose posting is gone, else nothing. */
export function postingBadge(job) {
  return job.posting_status === 'closed'
    ? h('span', { class: 'chip chip-danger posting-closed' }, 'Posting closed')
    : null;
}
