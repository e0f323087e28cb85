// A collection: its documents (add from the library, remove), a question across all of them (citations name
// the document and open its page), and a summary over the documents with links to each.
import { get, post, put, remove } from './api.js';
import { el, heading, link, newView, notice } from './dom.js';
import { askBox } from './ask.js';
import { openCitation } from './document.js';
import { renderSummary } from './summary.js';

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

/** The summary's Markdown if the answer has it (page references cannot name a document, so they stay text), and links to each document. */
function collectionSummary(answer) {
  const text = typeof answer === 'string' ? answer : answer?.summary ?? '';
  const docs = Array.isArray(answer?.documents) ? answer.documents : [];
  return el('div', {}, renderSummary(text, null),
    docs.length ? el('ul', { class: 'summary-documents' }, docs.map(d => el('li', {}, link(`#/doc/${d.id ?? d.documentId}`, d.name ?? String(d.id))))) : null);
}
