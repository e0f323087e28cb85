// A summary's Markdown as elements: headings, quoted notes (how it was made), bullets and paragraphs. Page
// references, "[p. 3]", "[pp. 4-5]" or a heading's "(pp. 8-11)", become links to the page. Text stays text.
import { el, link } from './dom.js';

const PageReference = /([[(])(pp?\.) (\d+)(?:[-\u2013](\d+))?([\])])/g;

/** Inline text with its page references as links made by pageHash(page) (none: plain text). */
function inline(text, pageHash) {
  if (!pageHash) return [text];
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(PageReference)) {
    parts.push(text.slice(last, m.index), m[1], link(pageHash(Number(m[3])), `${m[2]} ${m[3]}${m[4] ? '-' + m[4] : ''}`), m[5]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** The summary's elements; headings get ids so an outline can point at them. */
export function renderSummary(markdown, pageHash) {
  const root = el('div', { class: 'summary' });
  let list = null;
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (!line.startsWith('- ')) list = null;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) root.append(el(`h${Math.min(heading[1].length + 1, 6)}`, {}, inline(heading[2], pageHash)));
    else if (line.startsWith('> ')) root.append(el('p', { class: 'note' }, inline(line.slice(2), pageHash)));
    else if (line.startsWith('- ')) {
      if (!list) root.append(list = el('ul'));
      list.append(el('li', {}, inline(line.slice(2), pageHash)));
    } else if (line.length > 0) root.append(el('p', {}, inline(line, pageHash)));
  }
  return root;
}
