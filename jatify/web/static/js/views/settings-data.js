// The account's data on #/settings: download all of it as one zip (GET /api/user/export),
// or delete the account for good (DELETE /api/user, after its password), then back to
// the login page.

import { request } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { navigate } from '../router.js';
import { forget } from '../session.js';
import { openDialog, toast } from '../ui.js';

function openDeleteDialog() {
  const cancel = h(
    'button',
    { type: 'button', class: 'btn', onClick: () => dialog.close() },
    'Cancel',
  );
  const form = formEl({
    fields: [
      field({
        name: 'password',
        label: 'Your password',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
        maxlength: 128,
      }),
    ],
    submitLabel: 'Delete my account',
    extraActions: [cancel],
  });
  form.querySelector('[type="submit"]').className = 'btn btn-danger btn-solid';
  onSubmit(form, async () => {
    await request('DELETE', '/api/user', { body: { password: form.elements.password.value } });
    dialog.close();
    forget();
    navigate('/login');
    toast('Your account and everything in it are deleted.');
  });
  const dialog = openDialog('Delete your account?', [
    h(
      'p',
      {},
      'Every job listing, application, resume, analysis, contact, note, interview and task goes, at once and for good; you are logged out everywhere. Download your data first if you want to keep a copy.',
    ),
    form,
  ]);
}

/** The "Your data" panel: the export download and the account deletion. */
export function dataPanel() {
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title', class: 'panel-title' }, 'Your data'),
    h(
      'p',
      { class: 'hint' },
      'A zip of everything your account holds: account.json (listings, applications and their history, interviews, tasks, contacts, notes, analyses) and your resumes’ original files.',
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('a', { class: 'btn', href: '/api/user/export', download: '' }, 'Download my data'),
      h(
        'button',
        { type: 'button', class: 'btn btn-danger', onClick: openDeleteDialog },
        'Delete my account',
      ),
    ),
  );
}
