// A forgotten password: #/forgot asks for the reset email; the email's link,
// /reset?token=..., opens #/reset, where the new password is chosen.

import { request } from '../api.js';
import { h } from '../dom.js';
import { formEl, formValues, onSubmit } from '../forms.js';
import { navigate } from '../router.js';
import { toast } from '../ui.js';
import { authCard, emailField, newPasswordField } from './auth.js';

/**
 * The server serves the app at /reset for the email's link: move the token into the
 * hash route (the address bar keeps no /reset path to be bookmarked or reloaded into).
 */
export function adoptResetLink() {
  if (window.location.pathname !== '/reset') return;
  const token = new URLSearchParams(window.location.search).get('token') || '';
  history.replaceState(null, '', `/#/reset?${new URLSearchParams({ token })}`);
}

/** #/forgot */
export function renderForgot(ctx) {
  ctx.title('Forgot password');
  const form = formEl({
    fields: [
      emailField(),
    ],
    submitLabel: 'Email me a reset link',
  });
  const sent = h('div', { role: 'status' });
  onSubmit(form, async () => {
    const { email } = formValues(form);
    const answer = await request('POST', '/api/auth/forgot', { body: { email }, auth: false });
    sent.replaceChildren(
      h(
        'div',
        { class: 'alert alert-info' },
        h('p', {}, answer.message),
        h(
          'p',
          {},
          'The link works for 30 minutes, once. If it is not there in a few minutes, look in the spam folder.',
        ),
      ),
    );
  });
  ctx.mount(
    authCard(
      'Forgot your password?',
      'Give the email of your account: a link to choose a new password is sent to it.',
      [sent, form],
      ['Remembered it? ', h('a', { href: '#/login' }, 'Log in')],
    ),
  );
}

/** #/reset?token=... */
export function renderReset(ctx) {
  ctx.title('Choose a new password');
  const form = formEl({
    fields: [
      newPasswordField('new_password', 'New password'),
    ],
    submitLabel: 'Set new password',
  });
  onSubmit(form, async () => {
    const body = { token: ctx.query.token || '', new_password: formValues(form).new_password };
    await request('POST', '/api/auth/reset', { body, auth: false });
    toast('Your password is changed. Log in with it.');
    navigate('/login');
  });
  ctx.mount(
    authCard(
      'Choose a new password',
      'Setting it logs you out on every device; then log in with the new password.',
      form,
      ['Link expired? ', h('a', { href: '#/forgot' }, 'Ask for a new one')],
    ),
  );
}
