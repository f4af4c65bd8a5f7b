// The follow-up clock of an application (its `follow_up`), in words: "Waiting 9 of ~12
// days", or "Overdue by 3 days" once the expected answer date has passed.

import { formatDate, h, plural } from '../dom.js';
import { daysBetween, todayInZone } from '../zoned.js';

const BASIS = {
  company: 'your usual wait at this company',
  history: 'your usual wait across applications',
  default: 'the usual 14 days (not enough answers of yours yet)',
};

/** Days waited so far and days late (0 until overdue), in the account's zone. */
function clock(followUp) {
  const today = todayInZone();
  const late = Math.max(daysBetween(followUp.expected_response_by, today), 0);
  const waited = followUp.days - daysBetween(today, followUp.expected_response_by);
  return { waited: Math.max(waited, 0), late };
}

/** "Waiting 9 of ~12 days" or "Overdue by 3 days"; null without a follow-up. */
export function followUpLabel(application) {
  const followUp = application.follow_up;
  if (!followUp) return null;
  const { waited, late } = clock(followUp);
  if (followUp.overdue) return `Overdue by ${plural(late, 'day')}`;
  return `Waiting ${waited} of ~${plural(followUp.days, 'day')}`;
}

/** The small badge of a board card (nothing without a follow-up). */
export function followUpBadge(application) {
  const label = followUpLabel(application);
  if (!label) return null;
  const overdue = application.follow_up.overdue;
  return h(
    'span',
    {
      class: ['follow-up-badge', overdue && 'is-overdue'],
      title: `Answer expected by ${formatDate(application.follow_up.expected_response_by)}`,
    },
    overdue ? label : label.toLowerCase(),
  );
}

/** The follow-up line of the application page, with where the expected wait comes from. */
export function followUpDetails(application) {
  const followUp = application.follow_up;
  if (!followUp) return 'None: no answer is awaited in this status';
  return h(
    'span',
    { class: ['follow-up', followUp.overdue && 'is-overdue'] },
    h('strong', {}, followUpLabel(application)),
    ` — answer expected by ${formatDate(followUp.expected_response_by)}, from ${BASIS[followUp.basis]}.`,
  );
}
