// Entry point: the navigation bar, the routes, and what happens when a session ends.

import { onSessionEnded } from './api.js';
import { h } from './dom.js';
import { navigate, onNavigate, route, location as currentLocation, start } from './router.js';
import { logInAgain } from './relogin.js';
import { loadUser, logOut, onUserChange } from './session.js';
import { errorAlert, toast } from './ui.js';
import { renderApplication } from './views/application.js';
import { renderApplications } from './views/applications.js';
import { renderAgenda } from './views/agenda.js';
import { renderAnalysis } from './views/analysis.js';
import { renderLogin, renderRegister } from './views/auth.js';
import { renderBoard } from './views/board.js';
import { renderContacts } from './views/contacts.js';
import { renderDashboard } from './views/dashboard.js';
import { renderDeadLetters } from './views/dlq.js';
import { renderImport } from './views/import.js';
import { renderJob } from './views/job.js';
import { renderJobs } from './views/jobs.js';
import { adoptResetLink, renderForgot, renderReset } from './views/password-reset.js';
import { renderResume } from './views/resume.js';
import { renderResumes } from './views/resumes.js';
import { renderSettings } from './views/settings.js';

const LINKS = [
  ['/board', 'Board'],
  ['/agenda', 'Agenda'],
  ['/applications', 'Applications'],
  ['/jobs', 'Job listings'],
  ['/contacts', 'Contacts'],
  ['/resumes', 'Resumes'],
  ['/dashboard', 'Dashboard'],
  ['/settings', 'Settings'],
];

route('/login', renderLogin, { public: true });
route('/register', renderRegister, { public: true });
route('/forgot', renderForgot, { public: true });
route('/reset', renderReset, { public: true });
route('/board', renderBoard, { wide: true });
route('/applications', renderApplications);
route('/applications/import', renderImport);
route('/applications/:id', renderApplication);
route('/jobs', renderJobs);
route('/jobs/:id', renderJob);
route('/contacts', renderContacts);
route('/resumes', renderResumes);
route('/resumes/:id', renderResume);
route('/analyses/:id', renderAnalysis);
route('/dashboard', renderDashboard);
route('/agenda', renderAgenda);
route('/settings', renderSettings);
route('/admin/dlq', renderDeadLetters);

const nav = document.getElementById('site-nav');
const toggle = document.querySelector('.nav-toggle');

function setMenuOpen(open) {
  nav.classList.toggle('open', open);
  toggle.setAttribute('aria-expanded', String(open));
}

async function handleLogOut(button) {
  button.disabled = true;
  try {
    await logOut();
    toast('You are logged out.');
  } catch (error) {
    toast(error.message, { error: true });
  }
  navigate('/login');
}

function renderNav(current) {
  if (!current) {
    nav.hidden = true;
    toggle.hidden = true;
    nav.replaceChildren();
    return;
  }
  const links = [...LINKS];
  if (current.is_admin) links.push(['/admin/dlq', 'Failed jobs']);
  const logOutButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      onClick: () => handleLogOut(logOutButton),
    },
    'Log out',
  );
  nav.replaceChildren(
    ...links.map(([path, label]) => h('a', { href: `#${path}`, dataset: { path } }, label)),
    h(
      'div',
      { class: 'nav-user' },
      h('span', { title: current.email }, current.name),
      logOutButton,
    ),
  );
  nav.hidden = false;
  toggle.hidden = false;
  highlight(currentLocation().path);
}

function highlight(path) {
  for (const link of nav.querySelectorAll('a[data-path]')) {
    const active = path === link.dataset.path || path.startsWith(`${link.dataset.path}/`);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  setMenuOpen(false);
}

toggle.addEventListener('click', () => setMenuOpen(!nav.classList.contains('open')));
document.querySelector('[data-skip-link]').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});

onUserChange(renderNav);
onNavigate(highlight);
onSessionEnded(logInAgain);

window.addEventListener('unhandledrejection', (event) => {
  toast(event.reason?.message || 'Something went wrong. Try again.', { error: true });
});

async function boot() {
  adoptResetLink();
  try {
    await loadUser();
  } catch (error) {
    document
      .getElementById('main')
      .replaceChildren(errorAlert(error, { title: 'Jatify could not start.' }));
    return;
  }
  await start();
}

boot();
