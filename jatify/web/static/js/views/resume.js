// #/resumes/<id>: one resume: watch its text extraction, read the text, rename,
// download, delete, and ask for an analysis against a job listing.

import { api, fetchAll } from '../api.js';
import { formatDateTime, h, sleep, timeEl } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { navigate } from '../router.js';
import {
  busy,
  confirmDialog,
  errorAlert,
  openDialog,
  pageHeader,
  statusRegion,
  toast,
} from '../ui.js';
import { ANALYSIS_STATUS_ID, analysisStatusChip } from './analysis.js';
import { TEXT_ERRORS, TEXT_STATUS_ID, fileFacts, textStatusChip } from './resumes.js';

function textPanel(resume) {
  let body;
  if (resume.text_status === 'ready') {
    body = h(
      'div',
      { class: 'resume-text', tabindex: '0', 'aria-label': 'Text of the resume' },
      resume.text,
    );
  } else if (resume.text_status === 'failed') {
    body = h(
      'div',
      { class: 'alert alert-error', role: 'alert' },
      h('p', { class: 'alert-title' }, 'The text could not be extracted.'),
      h('p', {}, TEXT_ERRORS[resume.text_error] || 'The file could not be read.'),
    );
  } else {
    body = h(
      'p',
      { class: 'progress-line', role: 'status' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      'Reading the text of your resume… This page updates by itself.',
    );
  }
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'text-title' },
    h(
      'div',
      { class: 'panel-title' },
      h('h2', { id: 'text-title' }, 'Extracted text'),
      h('span', statusRegion(TEXT_STATUS_ID), textStatusChip(resume)),
    ),
    body,
  );
}

function analyzePanel(resume, jobs) {
  const title = h(
    'h2',
    { id: 'analyze-title', class: 'panel-title' },
    'Analyze against a job listing',
  );
  if (jobs.length === 0) {
    return h(
      'section',
      { class: 'card panel', 'aria-labelledby': 'analyze-title' },
      title,
      h(
        'p',
        { class: 'muted' },
        'Add the job listing you are applying to, then come back to compare this resume with it.',
      ),
      h('a', { class: 'btn btn-primary', href: '#/jobs?new=1' }, 'Add a job listing'),
    );
  }
  const form = formEl({
    fields: [
      field({
        name: 'job_id',
        label: 'Job listing',
        type: 'select',
        required: true,
        options: [
          { value: '', label: 'Choose a job listing…' },
          ...jobs.map((job) => ({ value: job.id, label: `${job.company} — ${job.position}` })),
        ],
        value: jobs.length === 1 ? jobs[0].id : '',
      }),
    ],
    submitLabel: 'Analyze',
  });
  const ready = resume.text_status === 'ready';
  form.querySelector('[type="submit"]').disabled = !ready;
  onSubmit(form, async () => {
    const analysis = await api.post(
      `/api/resumes/${resume.id}/analyze`,
      formValues(form, { numbers: ['job_id'] }),
    );
    navigate(`/analyses/${analysis.id}`, undefined, { focus: ANALYSIS_STATUS_ID });
  });
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'analyze-title' },
    title,
    h(
      'p',
      { class: 'muted small' },
      ready
        ? 'Get a match score, the keywords you cover and miss, and suggestions.'
        : 'Available once the text is extracted.',
    ),
    form,
  );
}

function analysesPanel(analyses, jobsById) {
  const items = analyses.items.map((analysis) => {
    const job = jobsById.get(analysis.job_id);
    return h(
      'li',
      { class: 'analysis-row' },
      h(
        'a',
        { href: `#/analyses/${analysis.id}` },
        job ? `${job.company} — ${job.position}` : `Job listing #${analysis.job_id}`,
      ),
      h(
        'span',
        { class: 'analysis-row-meta' },
        analysis.status === 'done'
          ? h('strong', { class: 'score-pill' }, `${analysis.result.score}/100`)
          : analysisStatusChip(analysis.status),
        ' ',
        timeEl(analysis.created_at),
      ),
    );
  });
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'analyses-title' },
    h('h2', { id: 'analyses-title', class: 'panel-title' }, 'Analyses'),
    items.length
      ? h('ul', { class: 'analysis-list' }, items)
      : h('p', { class: 'muted' }, 'No analysis yet.'),
  );
}

function renameDialog(resume, onSaved) {
  const form = formEl({
    fields: [
      field({ name: 'name', label: 'Name', required: true, maxlength: 200, value: resume.name }),
    ],
    submitLabel: 'Rename',
  });
  const dialog = openDialog('Rename resume', form);
  onSubmit(form, async () => {
    await api.put(`/api/resumes/${resume.id}`, formValues(form));
    dialog.close();
    toast('Resume renamed.');
    onSaved();
  });
}

function actions(resume, ctx) {
  const deleteButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger',
      onClick: async () => {
        const sure = await confirmDialog(
          'Delete this resume?',
          `${resume.name}, its text and its analyses are deleted for good. Applications that used it keep no resume.`,
        );
        if (!sure) return;
        await busy(deleteButton, async () => {
          try {
            await api.del(`/api/resumes/${resume.id}`);
            toast('Resume deleted.');
            navigate('/resumes');
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );
  return [
    h('a', { class: 'btn', href: `/api/resumes/${resume.id}/file`, download: '' }, 'Download'),
    h(
      'button',
      { type: 'button', class: 'btn', onClick: () => renameDialog(resume, ctx.reload) },
      'Rename',
    ),
    deleteButton,
  ];
}

/** #/resumes/<id> */
export async function renderResume(ctx) {
  const id = ctx.params.id;
  const [resume, jobs, analyses] = await Promise.all([
    api.get(`/api/resumes/${id}`),
    fetchAll('/api/jobs', { sort: 'company' }),
    api.get(`/api/resumes/${id}/analyses`, { page_size: 20 }),
  ]);
  ctx.title(resume.name);
  const jobsById = new Map(jobs.map((job) => [job.id, job]));
  ctx.mount(
    h('a', { class: 'back-link', href: '#/resumes' }, '← Resumes'),
    pageHeader(resume.name, {
      subtitle: [fileFacts(resume), ' · uploaded ', timeEl(resume.created_at)],
      actions: actions(resume, ctx),
    }),
    h(
      'div',
      { class: 'grid-2' },
      textPanel(resume),
      h(
        'div',
        { class: 'stack' },
        analyzePanel(resume, jobs),
        analysesPanel(analyses, jobsById),
        h(
          'p',
          { class: 'muted small' },
          `File: ${resume.filename} · updated ${formatDateTime(resume.updated_at)}`,
        ),
      ),
    ),
  );
  if (resume.text_status === 'pending') waitForText(ctx, id);
}

/** Poll until the text is extracted (or failed), then show the page again. */
async function waitForText(ctx, id) {
  let delay = 500;
  while (!ctx.signal.aborted) {
    await sleep(delay, ctx.signal);
    delay = Math.min(delay * 1.5, 3000);
    if (ctx.signal.aborted) return;
    try {
      const resume = await api.get(`/api/resumes/${id}`);
      if (resume.text_status !== 'pending') {
        if (!ctx.signal.aborted) ctx.reload();
        return;
      }
    } catch (error) {
      document.getElementById('text-title')?.closest('section')?.append(errorAlert(error));
      return;
    }
  }
}
