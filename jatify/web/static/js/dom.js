// Building DOM nodes without innerHTML, and formatting values for people.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

function setAttributes(el, attrs) {
  let value;
  for (const [key, raw] of Object.entries(attrs || {})) {
    if (raw === null || raw === undefined || raw === false) continue;
    if (key === 'class') {
      el.setAttribute('class', Array.isArray(raw) ? raw.filter(Boolean).join(' ') : raw);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, raw);
    } else if (key.startsWith('on') && typeof raw === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), raw);
    } else if (key === 'value') {
      value = raw;
    } else {
      el.setAttribute(key, raw === true ? '' : raw);
    }
  }
  return value;
}

/** An HTML element: h('a', {href: '#/jobs', class: 'btn'}, 'Jobs'). Text is never parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  const value = setAttributes(el, attrs);
  append(el, children);
  if (value !== undefined) el.value = value;
  return el;
}

/** An SVG element, same signature as h(). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

let uniqueCounter = 0;

/** A document-unique id with a readable prefix. */
export function uid(prefix = 'id') {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A YYYY-MM-DD date as a local calendar day (no timezone shift). */
export function parseDay(text) {
  const [year, month, day] = text.split('-').map(Number);
  return new Date(year, month - 1, day);
}

function safeFormat(format, date, raw) {
  return Number.isNaN(date.getTime()) ? String(raw) : format.format(date);
}

/** "3 May 2026" for a YYYY-MM-DD date or an ISO timestamp; '—' for none. */
export function formatDate(value) {
  if (!value) return '—';
  return safeFormat(dateFormat, value.length === 10 ? parseDay(value) : new Date(value), value);
}

/** "3 May 2026, 14:05" for an ISO timestamp. */
export function formatDateTime(value) {
  return value ? safeFormat(dateTimeFormat, new Date(value), value) : '—';
}

/** "5 minutes ago" for an ISO timestamp. */
export function timeAgo(value) {
  const seconds = (new Date(value).getTime() - Date.now()) / 1000;
  if (Number.isNaN(seconds)) return String(value);
  const steps = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [7, 'day'],
    [4.35, 'week'],
    [12, 'month'],
    [Infinity, 'year'],
  ];
  let amount = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatDate(value);
}

/** A time element showing a relative time, with the exact one as its tooltip. */
export function timeEl(value) {
  return h('time', { datetime: value, title: formatDateTime(value) }, timeAgo(value));
}

/** Today as YYYY-MM-DD in the browser's timezone. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "1.2 MB" (or "5 MB", never "5.0 MB") for a byte count. */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h" for a number of seconds. */
export function formatDuration(seconds) {
  const whole = Math.floor(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The text with its first letter capitalized (worker errors start in lower case). */
export function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** "1 application", "3 applications". */
export function plural(count, word, many = `${word}s`) {
  return `${count} ${count === 1 ? word : many}`;
}

/** Wait `ms`, or less if `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
