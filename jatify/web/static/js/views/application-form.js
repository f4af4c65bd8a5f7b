// The add / edit application dialog, shared by the board, the table and the detail page.

import { api, fetchAll, getStatuses } from '../api.js';
import { h, today } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { openDialog, toast } from '../ui.js';
import { parseTags } from './application-facts.js';

const NUMBERS = ['job_id', 'status_id', 'resume_id'];
// Status ids are fixed (GET /api/statuses); their order is not.
const APPLIED = 1;
const WISHLIST = 9;

function jobLabel(job) {
  return `${job.company} — ${job.position}`;
}

/** The dialog's fields; `application` prefills them for an edit. */
function applicationFields({ application, jobs, statuses, resumes, jobId }) {
  const jobOptions = jobs.map((job) => ({ value: job.id, label: jobLabel(job) }));
  if (application && !jobs.some((job) => job.id === application.job.id)) {
    jobOptions.unshift({
      value: application.job.id,
      label: `${jobLabel(application.job)} (deleted)`,
    });
  }
  return [
    field({
      name: 'job_id',
      label: 'Job listing',
      type: 'select',
      required: true,
      className: 'span-2',
      options: [{ value: '', label: 'Choose a job listing…' }, ...jobOptions],
      value: application?.job.id ?? jobId ?? (jobs.length === 1 ? jobs[0].id : ''),
    }),
    field({
      name: 'status_id',
      label: 'Status',
      type: 'select',
      required: true,
      options: statuses.map((status) => ({ value: status.id, label: status.name })),
      value: application?.status.id ?? APPLIED,
    }),
    field({
      name: 'applied_at',
      label: 'Applied on',
      type: 'date',
      value: application ? application.applied_at : today(),
      hint: 'Empty for Wishlist: it is set on the day the application leaves Wishlist.',
    }),
    field({
      name: 'resume_id',
      label: 'Resume sent',
      type: 'select',
      className: 'span-2',
      options: [
        {
          value: '',
          label: resumes.length ? 'No resume' : 'No resume (upload one on the Resumes page)',
        },
        ...resumes.map((resume) => ({ value: resume.id, label: resume.name })),
      ],
      value: application?.resume?.id ?? '',
    }),
    field({
      name: 'notes',
      label: 'Notes',
      type: 'textarea',
      className: 'span-2',
      maxlength: 10000,
      value: application?.notes ?? '',
      hint: 'Contacts, interview dates, what you learned — anything worth remembering.',
    }),
    field({
      name: 'tags',
      label: 'Tags',
      maxlength: 700,
      value: application?.tags.join(', ') ?? '',
      hint: 'Separated by commas, e.g. remote, python (up to 20).',
    }),
    field({
      name: 'source',
      label: 'Source',
      maxlength: 100,
      value: application?.source ?? '',
      hint: 'Where you found it: LinkedIn, a referral…',
    }),
  ];
}

/** The form's values as the API takes them: tags as a list. */
function applicationValues(form, options) {
  const values = formValues(form, { ...options, numbers: NUMBERS });
  if (values.tags !== undefined) values.tags = parseTags(values.tags);
  return values;
}

/**
 * Keep "Applied on" in step with the status until the person types a date: today for
 * a sent application, empty for Wishlist (the API dates it when it leaves Wishlist).
 */
function dateFollowsStatus(form) {
  const { status_id: status, applied_at: date } = form.elements;
  let typed = false;
  date.addEventListener('input', () => {
    typed = true;
  });
  status.addEventListener('change', () => {
    if (!typed) date.value = Number(status.value) === WISHLIST ? '' : today();
  });
}

function noJobsMessage() {
  return [
    h(
      'p',
      {},
      'An application is always for a job listing. Add the job you are applying to first.',
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('a', { class: 'btn btn-primary', href: '#/jobs?new=1' }, 'Add a job listing'),
    ),
  ];
}

/**
 * Open the dialog. Without `application` it creates one (optionally for `jobId`);
 * `onSaved(application)` runs after the API accepted it.
 */
export async function openApplicationDialog({ application = null, jobId, onSaved }) {
  const [jobs, statuses, resumes] = await Promise.all([
    fetchAll('/api/jobs', { sort: 'company' }),
    getStatuses(),
    fetchAll('/api/resumes'),
  ]);
  const title = application ? 'Edit application' : 'Add an application';
  if (!application && jobs.length === 0) {
    const dialog = openDialog(title, noJobsMessage());
    dialog.querySelector('a').addEventListener('click', () => dialog.close());
    return;
  }
  const form = formEl({
    className: 'form form-grid',
    fields: applicationFields({ application, jobs, statuses, resumes, jobId }),
    submitLabel: application ? 'Save changes' : 'Add application',
  });
  if (!application || (application.status.id === WISHLIST && !application.applied_at)) {
    dateFollowsStatus(form);
  }
  const dialog = openDialog(title, form);
  onSubmit(form, async () => {
    const saved = application
      ? await api.put(
          `/api/applications/${application.id}`,
          applicationValues(form, { blank: null }),
        )
      : await api.post('/api/applications', applicationValues(form));
    dialog.close();
    toast(application ? 'Application saved.' : `Application to ${saved.job.company} added.`);
    onSaved?.(saved);
  });
}
