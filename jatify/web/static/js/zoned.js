// Times in the account's time zone (the profile's `timezone`), whatever the browser's is:
// the API stores and answers instants in UTC; people see and type them in their zone.

import { user } from './session.js';

const PARTS = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};

/** The account's IANA time zone (UTC until the profile says otherwise). */
export function accountZone() {
  return user()?.timezone || 'UTC';
}

function parts(date, zone) {
  const found = new Intl.DateTimeFormat('en-US', { ...PARTS, timeZone: zone }).formatToParts(date);
  return Object.fromEntries(found.map((part) => [part.type, part.value]));
}

/** Minutes `zone` is ahead of UTC at `date`. */
function offsetMinutes(date, zone) {
  const p = parts(date, zone);
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** "YYYY-MM-DD" of an instant (ISO text or Date) in the account's zone. */
export function dayOf(instant, zone = accountZone()) {
  const p = parts(new Date(instant), zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today, "YYYY-MM-DD", in the account's zone. */
export function todayInZone(zone = accountZone()) {
  return dayOf(new Date(), zone);
}

/** "YYYY-MM-DD" `days` after a "YYYY-MM-DD" day. */
export function addDays(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Whole days from day `from` to day `to` ("YYYY-MM-DD" both). */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** An instant as people read it in the account's zone ("Tue 3 Mar, 10:30"). */
export function formatInZone(instant, options = {}) {
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: accountZone(),
    ...options,
  });
  return format.format(new Date(instant));
}

/** Only the time of day of an instant, in the account's zone ("10:30"). */
export function timeInZone(instant) {
  return formatInZone(instant, { weekday: undefined, day: undefined, month: undefined });
}

/** The value of a datetime-local input showing `instant` in the account's zone. */
export function inputValue(instant) {
  if (!instant) return '';
  const p = parts(new Date(instant), accountZone());
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The UTC instant (ISO 8601, "Z") of a datetime-local value read in the account's zone. */
export function instantOf(value) {
  const [day, time] = value.split('T');
  const [year, month, date] = day.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  const zone = accountZone();
  let instant = wall - offsetMinutes(new Date(wall), zone) * 60000;
  // Around a change of offset the first guess can be an hour out: measure again there.
  instant = wall - offsetMinutes(new Date(instant), zone) * 60000;
  return new Date(instant).toISOString();
}
