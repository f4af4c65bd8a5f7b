// The contacts panel of an application page: the people linked to it with their role,
// a role menu and a remove button each, and a dialog to link an existing or new contact.

import { api, fetchAll } from '../api.js';
import { h, timeEl } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { busy, openDialog, toast } from '../ui.js';
import { ROLES, contactRole, contactWays, roleLabel } from './contacts.js';

const NEW_CONTACT = 'new';

function linkPath(application, contactId) {
  return `/api/applications/${application.id}/contacts/${contactId}`;
}

function roleSelect(application, link, onChanged) {
  const select = h(
    'select',
    { class: 'role-select', 'aria-label': `Role of ${link.contact.name}` },
    ROLES.map(([value, label]) => h('option', { value }, label)),
  );
  select.value = link.role;
  select.addEventListener('change', async () => {
    try {
      await api.put(linkPath(application, link.contact.id), { role: select.value });
      toast(`${link.contact.name} is now ${roleLabel(select.value).toLowerCase()}.`);
      onChanged();
    } catch (error) {
      select.value = link.role;
      toast(error.message, { error: true });
    }
  });
  return select;
}

function linkedContact(application, link, onChanged) {
  const { contact } = link;
  const ways = contactWays(contact);
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-ghost',
      'aria-label': `Remove ${contact.name} from this application`,
      onClick: () =>
        busy(remove, async () => {
          try {
            await api.del(linkPath(application, contact.id));
            toast(`${contact.name} removed from this application.`);
            onChanged();
          } catch (error) {
            toast(error.message, { error: true });
          }
        }),
    },
    'Remove',
  );
  return h(
    'li',
    { class: 'linked-contact', dataset: { contactId: contact.id } },
    h(
      'div',
      { class: 'linked-contact-main' },
      h('p', { class: 'linked-contact-name' }, contact.name),
      contactRole(contact) ? h('p', { class: 'muted' }, contactRole(contact)) : null,
      ways.length ? h('p', { class: 'contact-ways' }, ways) : null,
      contact.last_contacted_at
        ? h('p', { class: 'muted' }, 'Last contacted ', timeEl(contact.last_contacted_at))
        : null,
    ),
    h('div', { class: 'linked-contact-actions' }, roleSelect(application, link, onChanged), remove),
  );
}

/** The "Add a contact" dialog: pick one of the person's contacts, or name a new one. */
async function openLinkDialog(application, linked, onLinked) {
  const known = await fetchAll('/api/contacts');
  const linkedIds = new Set(linked.map((link) => link.contact.id));
  const choices = known.filter((contact) => !linkedIds.has(contact.id));
  const form = formEl({
    className: 'form form-grid',
    fields: [
      field({
        name: 'contact',
        label: 'Contact',
        type: 'select',
        required: true,
        className: 'span-2',
        options: [
          { value: NEW_CONTACT, label: 'A new contact…' },
          ...choices.map((contact) => ({
            value: contact.id,
            label: contactRole(contact) ? `${contact.name} (${contactRole(contact)})` : contact.name,
          })),
        ],
        value: choices.length ? choices[0].id : NEW_CONTACT,
      }),
      field({ name: 'name', label: 'Name', maxlength: 200, markOptional: false }),
      field({ name: 'email', label: 'Email', type: 'email', maxlength: 254 }),
      field({
        name: 'role',
        label: 'Role',
        type: 'select',
        required: true,
        options: ROLES.map(([value, label]) => ({ value, label })),
        value: 'recruiter',
      }),
    ],
    submitLabel: 'Add to application',
  });
  const { contact: picker, name, email } = form.elements;
  const showNewFields = () => {
    const isNew = picker.value === NEW_CONTACT;
    for (const control of [name, email]) control.closest('.field').hidden = !isNew;
    name.required = isNew;
  };
  picker.addEventListener('change', showNewFields);
  showNewFields();
  const dialog = openDialog('Add a contact', form);
  onSubmit(form, async () => {
    let contactId = picker.value;
    if (contactId === NEW_CONTACT) {
      const body = { name: name.value.trim() };
      if (email.value.trim()) body.email = email.value.trim();
      contactId = (await api.post('/api/contacts', body)).id;
    }
    const saved = await api.put(linkPath(application, contactId), { role: form.elements.role.value });
    dialog.close();
    toast(`${saved.contact.name} added as ${roleLabel(saved.role).toLowerCase()}.`);
    onLinked();
  });
}

/** The contacts panel of `application` (its `contacts` links); `onChanged` reloads the page. */
export function contactsPanel(application, onChanged) {
  const links = application.contacts;
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'contacts-title' },
    h('h2', { id: 'contacts-title', class: 'panel-title' }, 'Contacts'),
    links.length
      ? h(
          'ul',
          { class: 'linked-contacts' },
          links.map((link) => linkedContact(application, link, onChanged)),
        )
      : h('p', { class: 'muted' }, 'Nobody linked yet: add the recruiter or the person who referred you.'),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small stack-top',
        onClick: () => openLinkDialog(application, links, onChanged),
      },
      'Add a contact',
    ),
  );
}
