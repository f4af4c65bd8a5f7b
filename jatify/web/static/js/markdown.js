// A small, safe markdown renderer for notes. It builds DOM nodes with h() and never
// parses HTML: a <script> tag in a note is text, and a link whose address is not http(s)
// or mailto (javascript:, data:, …) stays as the text that was typed.
//
// Blocks: paragraphs (a single newline is a line break), # headings, - / * / + and 1.
// lists, > quotes and ``` fenced code. Inline: `code`, **bold**, *italic* / _italic_,
// [text](https://…) and bare https://… addresses.

import { h } from './dom.js';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_QUOTE_DEPTH = 4;
const FENCE = /^\s*```/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^\s*>\s?/;
const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;
const INLINE = new RegExp(
  [
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.source, // 1, 2: code
    /\[([^\]\n]+)\]\(([^()\s]+)\)/.source, // 3, 4: link
    /\*\*(?=\S)([\s\S]*?\S)\*\*/.source, // 5: bold
    /\*(?=[^\s*])([^*\n]*?[^\s*])\*/.source, // 6: italic
    /(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/.source, // 7: italic
    /(https?:\/\/[^\s<>"]*[^\s<>"'.,;:!?)\]])/.source, // 8: bare address
  ].join('|'),
  'gu',
);

/** The address when it is an absolute http(s) or mailto URL, else null. */
function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function link(href, ...children) {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, children);
}

/** Inline markdown of one block's text as nodes (text stays text). */
export function renderInline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, , code, label, target, bold, star, underscore, bare] = match;
    let node = null;
    if (code !== undefined) node = h('code', {}, code);
    else if (label !== undefined) {
      const href = safeUrl(target);
      node = href ? link(href, renderInline(label)) : null;
    } else if (bold !== undefined) node = h('strong', {}, renderInline(bold));
    else if (star !== undefined || underscore !== undefined) {
      node = h('em', {}, renderInline(star ?? underscore));
    } else if (bare !== undefined) {
      const href = safeUrl(bare);
      node = href ? link(href, bare) : null;
    }
    if (node === null) continue; // an unsafe link: left as the text that was typed
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(node);
    last = match.index + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Lines joined by line breaks, each rendered inline. */
function withBreaks(lines) {
  return lines.flatMap((line, index) => (index ? [h('br'), ...renderInline(line)] : renderInline(line)));
}

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || listKind(line) !== null;
}

function listKind(line) {
  if (BULLET.test(line)) return 'ul';
  if (NUMBERED.test(line)) return 'ol';
  return null;
}

function fencedCode(lines, start) {
  const body = [];
  let index = start + 1;
  while (index < lines.length && !FENCE.test(lines[index])) {
    body.push(lines[index]);
    index += 1;
  }
  return [h('pre', {}, h('code', {}, body.join('\n'))), index + 1];
}

function list(lines, start, kind) {
  const marker = kind === 'ul' ? BULLET : NUMBERED;
  const items = [];
  let index = start;
  while (index < lines.length && lines[index].trim()) {
    if (listKind(lines[index]) === kind) items.push([lines[index].replace(marker, '')]);
    else if (startsBlock(lines[index])) break;
    else items[items.length - 1].push(lines[index].trim()); // a continuation line
    index += 1;
  }
  return [h(kind, {}, items.map((item) => h('li', {}, withBreaks(item)))), index];
}

function blocks(lines, depth) {
  const out = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (!line.trim()) {
      index += 1;
      continue;
    }
    let node;
    const heading = HEADING.exec(line);
    const kind = listKind(line);
    if (FENCE.test(line)) {
      [node, index] = fencedCode(lines, index);
    } else if (heading) {
      // A note sits under the page's h2 panels: its headings start at h3.
      const level = Math.min(heading[1].length + 2, 6);
      node = h(`h${level}`, {}, renderInline(heading[2]));
      index += 1;
    } else if (QUOTE.test(line) && depth < MAX_QUOTE_DEPTH) {
      const quoted = [];
      while (index < lines.length && QUOTE.test(lines[index])) {
        quoted.push(lines[index].replace(QUOTE, ''));
        index += 1;
      }
      node = h('blockquote', {}, blocks(quoted, depth + 1));
    } else if (kind) {
      [node, index] = list(lines, index, kind);
    } else {
      const paragraph = [line];
      index += 1;
      while (index < lines.length && lines[index].trim() && !startsBlock(lines[index])) {
        paragraph.push(lines[index]);
        index += 1;
      }
      node = h('p', {}, withBreaks(paragraph));
    }
    out.push(node);
  }
  return out;
}

/** A note's markdown as a <div class="markdown"> of DOM nodes; no HTML is ever parsed. */
export function renderMarkdown(source) {
  const lines = String(source).replace(/\r\n?/g, '\n').split('\n');
  return h('div', { class: 'markdown' }, blocks(lines, 0));
}
