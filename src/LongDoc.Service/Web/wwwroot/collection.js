// A collection: its documents (add from the library, remove), a question across all of them (citations name
// the document and open its page), and a summary over the documents with links to each.
import { get, post, put, remove } from './api.js';
import { el, heading, link, newView, notice } from './dom.js';
import { askBox } from './ask.js';
import { openCitation } from './document.js';
import { linker, pageLinks, renderSummary } from './summary.js';

/** "[D1]", "[D2, p. 4]", or "[p. 4]" after a document's label (the page of the document named last). */
const Reference = /\[(?:(D\d+)(?:, )?)?(?:(pp?\.) (\d+)(?:[-\u2013](\d+))?)?\]/g;
const ExtractiveLabel = 'Extractive overview: sentences quoted from the documents\' summaries, no language model wrote this.';

export async function showCollection(id) {
  const signal = newView();
  const title = heading('Collection');
  const path = `/v1/collections/${encodeURIComponent(id)}`;
  const members = el('ul', { id: 'members' });
  const choice = el('select', { id: 'add-document' });
  const refresh = async () => {
    const [collection, library] = await Promise.all([get(path, signal), get('/v1/documents', signal)]);
    title.textContent = collection.name;
    const inside = new Set(collection.documents.map(d => d.id));
    members.replaceChildren(...collection.documents.map(d => {
      const out = el('button', { type: 'button', 'aria-label': `Remove ${d.name} from the collection` }, 'Remove');
      out.addEventListener('click', () => change(remove(`${path}/documents/${d.id}`)));
      return el('li', {}, link(`#/doc/${d.id}`, d.name), ` (${d.status}) `, out);
    }));
    if (!collection.documents.length) members.append(el('li', { class: 'hint' }, 'No documents yet.'));
    choice.replaceChildren(...library.documents.filter(d => !inside.has(d.id)).map(d => el('option', { value: d.id }, d.name)));
  };
  const change = async pending => {
    try {
      await pending;
      await refresh();
    } catch (error) {
      notice(`Could not change the collection: ${error.message}`);
    }
  };
  const form = el('form', { id: 'add-form' }, el('label', { for: 'add-document' }, 'Add a document'), choice, el('button', { type: 'submit' }, 'Add'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (choice.value) change(put(`${path}/documents/${choice.value}`));
  });
  const summary = el('div', { id: 'collection-summary' });
  const summarize = el('button', { type: 'button', id: 'summarize' }, 'Summarize the collection');
  summarize.addEventListener('click', async () => {
    summary.replaceChildren(el('p', { class: 'hint' }, 'Summarizing...'));
    try {
      summary.replaceChildren(collectionSummary(await post(`${path}/summary`)));
    } catch (error) {
      summary.replaceChildren(el('p', { class: 'reason' }, `No summary: ${error.message}`));
    }
  });
  try {
    await refresh();
  } catch (error) {
    if (!signal.aborted) notice(`Could not open the collection: ${error.message}`);
    return;
  }
  document.getElementById('main').append(
    el('p', { class: 'meta' }, link('#/', 'Back to the library')),
    el('div', { class: 'columns' },
      el('div', {},
        el('section', { class: 'panel', 'aria-labelledby': 'members-title' }, el('h2', { id: 'members-title' }, 'Documents'), members, form),
        el('section', { class: 'panel', 'aria-labelledby': 'csummary-title' }, el('h2', { id: 'csummary-title' }, 'Summary'), summarize, summary)),
      el('div', {}, askBox(`${path}/ask`, openCitation))));
}

/**
 * The overview, its references ("[D1]", "[D2, p. 4]") links to the document or its page, how it was made, then each
 * document's own summary (folded) with its page links.
 */
function collectionSummary(answer) {
  const documents = answer.documents ?? [];
  const labels = new Map(documents.map(d => [d.label, d]));
  let named = null;
  const references = linker(Reference, m => {
    const d = m[1] ? labels.get(m[1]) : named;
    if (!d || (!m[1] && !m[3])) return null;
    named = d;
    const where = m[3] ? `#/doc/${d.id}/page/${m[3]}` : `#/doc/${d.id}`;
    return ['[', link(where, m[0].slice(1, -1)), ']'];
  });
  const mode = answer.mode === 'extractive'
    ? el('p', { class: 'mode extractive', id: 'summary-mode' }, ExtractiveLabel)
    : el('p', { class: 'mode', id: 'summary-mode' }, `Overview written by the language model ${answer.model ?? ''} from the documents' summaries.`);
  return el('div', {}, mode, renderSummary(answer.overview ?? '', references),
    el('ul', { class: 'summary-documents', id: 'summary-documents' }, documents.map(d => el('li', {},
      el('details', {}, el('summary', {}, `${d.label} `, d.name),
        link(`#/doc/${d.id}`, `Open ${d.name}`),
        renderSummary(d.summary ?? '', pageLinks(n => `#/doc/${d.id}/page/${n}`)))))));
}
