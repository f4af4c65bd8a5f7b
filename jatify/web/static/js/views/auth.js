// Log in and register (pages open without a session; forgot/reset are in
// password-reset.js). Registering follows the server's mode: open, by invite, or closed.

import { request } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { navigate } from '../router.js';
import { logIn, register } from '../session.js';
import { errorAlert, toast } from '../ui.js';

/** The two-column page of the public views: the pitch, and a card with the form. */
export function authCard(title, intro, form, footer) {
  return h(
    'div',
    { class: 'auth-layout' },
    h(
      'section',
      { class: 'auth-pitch' },
      h('p', { class: 'auth-kicker' }, 'Jatify'),
      h('p', { class: 'auth-claim' }, 'Every application, one calm place.'),
      h(
        'ul',
        { class: 'auth-points' },
        h('li', {}, 'A board of your applications, from wishlist to offer.'),
        h('li', {}, 'Resume analysis against each job listing: score, keywords, suggestions.'),
        h('li', {}, 'Your pipeline in numbers: response rate and weekly activity.'),
      ),
    ),
    h(
      'section',
      { class: 'card panel auth-card' },
      h('h1', { tabindex: '-1' }, title),
      h('p', { class: 'muted' }, intro),
      form,
      h('p', { class: 'auth-footer' }, footer),
    ),
  );
}

/** The email field of the login, register and forgot forms. */
export function emailField(value) {
  return field({
    name: 'email',
    label: 'Email',
    type: 'email',
    required: true,
    autocomplete: 'email',
    value,
  });
}

/** A field for a password being chosen, with the rule it must follow as its hint. */
export function newPasswordField(name, label) {
  return field({
    name,
    label,
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    hint: '8 to 128 characters, not a common password. A short sentence is easy to remember and hard to guess.',
  });
}

function goNext(query) {
  const next = query.next && query.next.startsWith('/') ? query.next : '/board';
  const [path, search = ''] = next.split('?');
  navigate(path, Object.fromEntries(new URLSearchParams(search)));
}

/** #/login */
export function renderLogin(ctx) {
  ctx.title('Log in');
  const form = formEl({
    fields: [
      emailField(),
      field({
        name: 'password',
        label: 'Password',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      }),
    ],
    submitLabel: 'Log in',
  });
  onSubmit(form, async () => {
    const { email, password } = formValues(form);
    const signedIn = await logIn(email, password);
    toast(`Welcome back, ${signedIn.name}.`);
    goNext(ctx.query);
  });
  ctx.mount(
    authCard('Log in', 'Pick up where you left off.', form, [
      h('a', { href: '#/forgot' }, 'Forgot password?'),
      ' · New here? ',
      h('a', { href: '#/register' }, 'Create an account'),
    ]),
  );
}

function closedCard() {
  return authCard(
    'Registration is closed',
    'New accounts are made by the people who run this Jatify: ask them for one.',
    h('p', {}, h('a', { class: 'btn btn-primary', href: '#/login' }, 'Log in')),
    'Already have an account? Log in with it.',
  );
}

function inviteField(code) {
  return field({
    name: 'invite',
    label: 'Invite code',
    required: true,
    value: code,
    autocomplete: 'off',
    maxlength: 64,
    hint: 'From the people who run this Jatify; it works for the email it was made for.',
  });
}

/** #/register (with ?invite=...&email=... from an invite link) */
export async function renderRegister(ctx) {
  ctx.title('Create an account');
  let mode;
  try {
    ({ mode } = await request('GET', '/api/auth/registration', { auth: false }));
  } catch (error) {
    const intro = 'Registering is not possible right now.';
    ctx.mount(authCard('Create your account', intro, errorAlert(error), ''));
    return;
  }
  if (mode === 'closed') {
    ctx.mount(closedCard());
    return;
  }
  const form = formEl({
    fields: [
      field({
        name: 'name',
        label: 'Your name',
        required: true,
        autocomplete: 'name',
        maxlength: 200,
      }),
      emailField(ctx.query.email),
      mode === 'invite' ? inviteField(ctx.query.invite) : null,
      newPasswordField('password', 'Password'),
      field({
        name: 'username',
        label: 'Username',
        autocomplete: 'username',
        hint: '3-64 letters, digits, ".", "_" or "-".',
      }),
      field({ name: 'phone', label: 'Phone', type: 'tel', autocomplete: 'tel' }),
    ],
    submitLabel: 'Create account',
  });
  onSubmit(form, async () => {
    const created = await register(formValues(form));
    toast(`Welcome to Jatify, ${created.name}.`);
    navigate('/board');
  });
  ctx.mount(
    authCard(
      'Create your account',
      'Free, private, and yours: track applications and analyze your resume.',
      form,
      ['Already have an account? ', h('a', { href: '#/login' }, 'Log in')],
    ),
  );
}
