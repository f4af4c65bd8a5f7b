// When the session ends while someone works (it expired, or was ended elsewhere), a dialog
// over the page asks for the password again, so an open form keeps what was typed; the
// request that found the session gone is then sent again.

import { h } from './dom.js';
import { field, formEl, formValues, onSubmit } from './forms.js';
import { location, navigate } from './router.js';
import { forget, logIn, user } from './session.js';
import { openDialog, toast } from './ui.js';

let asking = null;

/** Forget the person and go to the login page, which returns to this one. */
function leave() {
  forget();
  toast('Your session has ended. Log in again to continue.', { error: true });
  navigate('/login', { next: location().path });
}

function askPassword(email, resolve) {
  let loggedIn = false;
  const form = formEl({
    fields: [
      field({
        name: 'email',
        label: 'Email',
        type: 'email',
        value: email,
        readonly: true,
        markOptional: false,
        autocomplete: 'username',
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
  const dialog = openDialog(
    'Log in again',
    [h('p', {}, 'Your session has ended. Log in to go on: what you typed is kept.'), form],
    {
      onClose: () => {
        asking = null;
        resolve(loggedIn);
        if (!loggedIn) leave();
      },
    },
  );
  form.elements.password.focus();
  onSubmit(form, async () => {
    await logIn(email, formValues(form).password);
    loggedIn = true;
    dialog.close();
  });
}

/**
 * Ask the logged-in person to log in again (one dialog however many requests ask);
 * resolves true once they did. Closing the dialog instead leads to the login page.
 */
export function logInAgain() {
  const current = user();
  if (!current) return Promise.resolve(false);
  asking ??= new Promise((resolve) => askPassword(current.email, resolve));
  return asking;
}
