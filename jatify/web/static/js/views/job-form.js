// The add / edit job listing dialog.

import { api } from '../api.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { openDialog, toast } from '../ui.js';

function jobFields(job) {
  return [
    field({
      name: 'company',
      label: 'Company',
      required: true,
      maxlength: 200,
      value: job?.company,
    }),
    field({
      name: 'position',
      label: 'Position',
      required: true,
      maxlength: 200,
      value: job?.position,
    }),
    field({
      name: 'description',
      label: 'Description',
      type: 'textarea',
      required: true,
      className: 'span-2',
      maxlength: 20000,
      value: job?.description,
      hint: 'Paste the posting: resume analyses compare your resume with this text.',
    }),
    field({
      name: 'url',
      label: 'Link to the posting',
      type: 'url',
      className: 'span-2',
      maxlength: 2048,
      placeholder: 'https://',
      value: job?.url,
    }),
    field({ name: 'location', label: 'Location', maxlength: 200, value: job?.location }),
    field({
      name: 'salary',
      label: 'Salary',
      maxlength: 200,
      value: job?.salary,
      placeholder: 'e.g. €60k–70k',
    }),
  ];
}

/** Open the dialog; without `job` it creates one. `onSaved(job)` runs once saved. */
export function openJobDialog({ job = null, onSaved } = {}) {
  const form = formEl({
    className: 'form form-grid',
    fields: jobFields(job),
    submitLabel: job ? 'Save changes' : 'Add job listing',
  });
  const dialog = openDialog(job ? 'Edit job listing' : 'Add a job listing', form);
  onSubmit(form, async () => {
    const saved = job
      ? await api.put(`/api/jobs/${job.id}`, formValues(form, { blank: null }))
      : await api.post('/api/jobs', formValues(form));
    dialog.close();
    toast(job ? 'Job listing saved.' : `${saved.company} — ${saved.position} added.`);
    onSaved?.(saved);
  });
  return dialog;
}
