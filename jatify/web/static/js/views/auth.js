// Log in and register: the only pages open without a session.

import { h } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { navigate } from '../router.js';
import { logIn, register } from '../session.js';
import { toast } from '../ui.js';

function authCard(title, intro, form, footer) {
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
      field({
        name: 'email',
        label: 'Email',
        type: 'email',
        required: true,
        autocomplete: 'email',
      }),
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
      'New here? ',
      h('a', { href: '#/register' }, 'Create an account'),
    ]),
  );
}

/** #/register */
export function renderRegister(ctx) {
  ctx.title('Create an account');
  const form = formEl({
    fields: [
      field({
        name: 'name',
        label: 'Your name',
        required: true,
        autocomplete: 'name',
        maxlength: 200,
      }),
      field({
        name: 'email',
        label: 'Email',
        type: 'email',
        required: true,
        autocomplete: 'email',
      }),
      field({
        name: 'password',
        label: 'Password',
        type: 'password',
        required: true,
        autocomplete: 'new-password',
        hint: '8 to 128 characters. A short sentence is easy to remember and hard to guess.',
      }),
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
