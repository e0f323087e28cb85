// A summary's Markdown as elements: headings, quoted notes (how it was made), bullets and paragraphs. Inline text
// goes through a linker: pageLinks turns page references, "[p. 3]", "[pp. 4-5]" or a heading's "(pp. 8-11)", into
// links to the page. Text stays text.
import { el, link } from './dom.js';

const PageReference = /([[(])(pp?\.) (\d+)(?:[-\u2013](\d+))?([\])])/g;

/** A linker: the text with each match of pattern replaced by make(match) (an element, or null to keep the text). */
export function linker(pattern, make) {
  return text => {
    const parts = [];
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      const made = make(m);
      if (!made) continue;
      parts.push(text.slice(last, m.index), ...made);
      last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  };
}

/** Page references as links made by pageHash(page). */
export function pageLinks(pageHash) {
  return linker(PageReference, m => [m[1], link(pageHash(Number(m[3])), `${m[2]} ${m[3]}${m[4] ? '-' + m[4] : ''}`), m[5]]);
}

/** The summary's elements, inline text through the linker. */
export function renderSummary(markdown, inline) {
  const root = el('div', { class: 'summary' });
  let list = null;
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (!line.startsWith('- ')) list = null;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) root.append(el(`h${Math.min(heading[1].length + 1, 6)}`, {}, inline(heading[2])));
    else if (line.startsWith('> ')) root.append(el('p', { class: 'note' }, inline(line.slice(2))));
    else if (line.startsWith('- ')) {
      if (!list) root.append(list = el('ul'));
      list.append(el('li', {}, inline(line.slice(2))));
    } else if (line.length > 0) root.append(el('p', {}, inline(line)));
  }
  return root;
}
