// #/contacts: the address book of a search (recruiters, hiring managers, interviewers,
// referrers): search, add, edit, delete. Also the contact dialog the application page uses.

import { api } from '../api.js';
import { h, timeEl } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { setQuery } from '../router.js';
import {
  busy,
  confirmDialog,
  emptyState,
  errorAlert,
  openDialog,
  pageHeader,
  pager,
  toast,
} from '../ui.js';

/** Role values of GET/PUT /api/applications/<id>/contacts/<contact_id> and their labels. */
export const ROLES = [
  ['recruiter', 'Recruiter'],
  ['hiring_manager', 'Hiring manager'],
  ['interviewer', 'Interviewer'],
  ['referrer', 'Referrer'],
  ['other', 'Other'],
];

/** The label of a role value. */
export function roleLabel(role) {
  return ROLES.find(([value]) => value === role)?.[1] ?? role;
}

/** The fields of a contact (prefilled from `contact` for an edit). */
export function contactFields(contact = null) {
  return [
    field({ name: 'name', label: 'Name', required: true, maxlength: 200, value: contact?.name }),
    field({ name: 'company', label: 'Company', maxlength: 200, value: contact?.company }),
    field({ name: 'title', label: 'Job title', maxlength: 200, value: contact?.title }),
    field({ name: 'email', label: 'Email', type: 'email', maxlength: 254, value: contact?.email }),
    field({ name: 'phone', label: 'Phone', type: 'tel', maxlength: 40, value: contact?.phone }),
    field({
      name: 'url',
      label: 'Profile link',
      type: 'url',
      maxlength: 2048,
      placeholder: 'https://',
      value: contact?.url,
    }),
    field({
      name: 'notes',
      label: 'About them',
      type: 'textarea',
      className: 'span-2',
      maxlength: 10000,
      value: contact?.notes,
    }),
  ];
}

/** Open the add / edit contact dialog; `onSaved(contact)` runs once the API accepted it. */
export function openContactDialog({ contact = null, onSaved } = {}) {
  const form = formEl({
    className: 'form form-grid',
    fields: contactFields(contact),
    submitLabel: contact ? 'Save changes' : 'Add contact',
  });
  const dialog = openDialog(contact ? 'Edit contact' : 'Add a contact', form);
  onSubmit(form, async () => {
    const saved = contact
      ? await api.put(`/api/contacts/${contact.id}`, formValues(form, { blank: null }))
      : await api.post('/api/contacts', formValues(form));
    dialog.close();
    toast(contact ? 'Contact saved.' : `${saved.name} added to your contacts.`);
    onSaved?.(saved);
  });
  return dialog;
}

/** "Recruiter at Acme" from a contact's title and company. */
export function contactRole(contact) {
  if (contact.title && contact.company) return `${contact.title} at ${contact.company}`;
  return contact.title || contact.company || '';
}

/** How to reach a contact: email and phone links, profile. */
export function contactWays(contact) {
  const ways = [];
  if (contact.email) ways.push(h('a', { href: `mailto:${contact.email}` }, contact.email));
  if (contact.phone) ways.push(h('a', { href: `tel:${contact.phone}` }, contact.phone));
  if (contact.url) {
    ways.push(
      h('a', { href: contact.url, target: '_blank', rel: 'noopener noreferrer' }, 'Profile ↗'),
    );
  }
  return ways.flatMap((way, index) => (index ? [' · ', way] : [way]));
}

function contactCard(contact, reload) {
  const deleteButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-danger',
      'aria-label': `Delete ${contact.name}`,
      onClick: async () => {
        const sure = await confirmDialog(
          `Delete ${contact.name}?`,
          'They leave your contacts and the applications they were linked to. Notes that name them stay, without the name.',
        );
        if (!sure) return;
        await busy(deleteButton, async () => {
          try {
            await api.del(`/api/contacts/${contact.id}`);
            toast('Contact deleted.');
            reload();
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );
  const ways = contactWays(contact);
  return h(
    'li',
    { class: 'card contact-card', dataset: { contactId: contact.id } },
    h(
      'div',
      { class: 'contact-card-main' },
      h('h2', { class: 'contact-card-name' }, contact.name),
      contactRole(contact) ? h('p', { class: 'muted' }, contactRole(contact)) : null,
      ways.length ? h('p', { class: 'contact-ways' }, ways) : null,
      h(
        'p',
        { class: 'muted contact-last' },
        contact.last_contacted_at
          ? ['Last contacted ', timeEl(contact.last_contacted_at)]
          : 'Not contacted yet',
      ),
    ),
    h(
      'div',
      { class: 'job-card-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'aria-label': `Edit ${contact.name}`,
          onClick: () => openContactDialog({ contact, onSaved: reload }),
        },
        'Edit',
      ),
      deleteButton,
    ),
  );
}

function searchForm(query, onChange) {
  const form = h(
    'form',
    { class: 'toolbar card panel', role: 'search', 'aria-label': 'Search contacts' },
    field({
      name: 'q',
      label: 'Search',
      markOptional: false,
      type: 'search',
      value: query.q,
      className: 'grow',
      placeholder: 'Name, company or email',
      maxlength: 200,
    }),
    h('button', { type: 'submit', class: 'btn' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange({ q: form.elements.q.value.trim() });
  });
  return form;
}

/** #/contacts */
export async function renderContacts(ctx) {
  ctx.title('Contacts');
  let query = { q: ctx.query.q, page: ctx.query.page };
  const results = h('div', { 'aria-live': 'polite' });
  const addContact = () => openContactDialog({ onSaved: () => load({ ...query, page: undefined }) });

  async function load(next) {
    query = next;
    setQuery(query);
    try {
      const answer = await api.get('/api/contacts', query);
      if (ctx.signal.aborted) return;
      if (answer.total === 0) {
        results.replaceChildren(
          query.q
            ? emptyState({ title: 'No contact matches', text: `Nothing matches “${query.q}”.` })
            : emptyState({
                title: 'No contacts yet',
                text: 'Keep the people of your search here: recruiters, hiring managers, interviewers and the friends who refer you. Link them to applications and name them in notes.',
                actions: [
                  h(
                    'button',
                    { type: 'button', class: 'btn btn-primary', onClick: addContact },
                    'Add a contact',
                  ),
                ],
              }),
        );
        return;
      }
      const reload = () => load(query);
      results.replaceChildren(
        h(
          'ul',
          { class: 'job-list' },
          answer.items.map((contact) => contactCard(contact, reload)),
        ),
        pager(answer, 'contact', (page) => load({ ...query, page })),
      );
    } catch (error) {
      results.replaceChildren(errorAlert(error));
    }
  }

  await load(query);
  ctx.mount(
    pageHeader('Contacts', {
      subtitle: 'The people of your search. Notes that name them date your last contact.',
      actions: [
        h('button', { type: 'button', class: 'btn btn-primary', onClick: addContact }, 'Add contact'),
      ],
    }),
    searchForm(query, (values) => load({ ...values, page: undefined })),
    results,
  );
}
