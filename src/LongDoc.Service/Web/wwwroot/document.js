// A document: the ask box and its pages first (in focus order too), then its summary (with page links) and outline. A citation or a page link
// shows the page in place (the hash #/doc/ID/page/N names it), the quote of a citation highlighted.
import { bytes, get } from './api.js';
import { el, heading, link, newView, notice } from './dom.js';
import { askBox } from './ask.js';
import { pageViewer } from './pages.js';
import { pageLinks, renderSummary } from './summary.js';

let current = null;   // { id, viewer, signal } of the document on screen
let pending = null;   // the quote of the citation being opened: { id, page, quote }

/** Opens a citation's page: in this view when it is this document, else in the document's own view. */
export function openCitation(documentId, page, quote) {
  const id = Number(documentId);   // a collection's citations name their document by a string id
  pending = { id, page, quote };
  const hash = `#/doc/${id}/page/${page}`;
  if (location.hash === hash) showDocument(id, page);
  else location.hash = hash;
}

export async function showDocument(id, page) {
  if (current && current.id === id && !current.signal.aborted) return showPage(page ?? 1, true);
  const signal = newView();
  current = null;
  const title = heading('Document');
  let doc;
  let info;
  try {
    [doc, info] = await Promise.all([get(`/v1/documents/${id}`, signal), get(`/v1/documents/${id}/pages`, signal)]);
  } catch (error) {
    if (!signal.aborted) notice(`Could not open document ${id}: ${error.message}`);
    return;
  }
  title.textContent = doc.name;
  const viewer = pageViewer(id, info, signal);
  current = { id, viewer, signal };
  const pageHash = n => `#/doc/${id}/page/${n}`;
  const download = el('button', { type: 'button', id: 'download' }, 'Download the original');
  download.addEventListener('click', async () => {
    try {
      const url = URL.createObjectURL(new Blob([await bytes(`/v1/documents/${id}/file`)]));
      el('a', { href: url, download: doc.name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      notice(`Could not download ${doc.name}: ${error.message}`);
    }
  });
  document.getElementById('main').append(
    el('p', { class: 'meta' }, `${info.format.toUpperCase()}, ${info.pageCount} page${info.pageCount === 1 ? '' : 's'} `, download, ' ', link('#/', 'Back to the library')),
    el('div', { class: 'columns' },
      el('div', {}, askBox(`/v1/documents/${id}/ask`, openCitation), viewer.section),
      el('div', {},
        el('section', { class: 'panel', 'aria-labelledby': 'summary-title' }, el('h2', { id: 'summary-title' }, 'Summary'), renderSummary(doc.summary ?? '', pageLinks(pageHash))),
        outline(info.outline, pageHash))));
  await showPage(page ?? 1, page !== null);
}

async function showPage(page, focus) {
  const quote = pending && pending.id === current.id && pending.page === page ? pending.quote : null;
  pending = null;
  try {
    await current.viewer.show(page, quote, focus);
  } catch (error) {
    if (!current.signal.aborted) notice(`Could not show page ${page}: ${error.message}`);
  }
}

function outline(headings, pageHash) {
  if (!headings.length) return null;
  return el('nav', { class: 'panel outline', 'aria-labelledby': 'outline-title' }, el('h2', { id: 'outline-title' }, 'Outline'),
    el('ul', {}, headings.map(h => el('li', { class: `level-${Math.min(h.level, 4)}` }, link(pageHash(h.page), h.text), ` p. ${h.page}`))));
}
