// The library: upload (drag and drop or the file picker, several files, each with its progress), the documents
// with their status (while processing, its phase: reading, summarizing 2/5; a failure with its reason), search by name,
// delete, and the collections. Every text from the API is a text node (dom.js el), never HTML.
import { get, post, remove, upload } from './api.js';
import { el, heading, link, newView, notice } from './dom.js';

const PollMs = 1000;
const Statuses = { queued: 'queued', running: 'processing', done: 'done', failed: 'failed' };

export function showLibrary() {
  const signal = newView();
  heading('Library');
  const main = document.getElementById('main');
  const rows = el('tbody');
  const search = el('input', { id: 'search', type: 'search', autocomplete: 'off' });
  const uploads = el('ul', { class: 'uploads', id: 'uploads', 'aria-live': 'polite' });
  let documents = [];

  const render = () => {
    const term = search.value.trim().toLowerCase();
    rows.replaceChildren(...documents.filter(d => d.name.toLowerCase().includes(term)).map(d => documentRow(d, refresh)));
  };
  const refresh = async () => {
    try {
      documents = (await get('/v1/documents', signal)).documents;
      render();
    } catch (error) {
      if (!signal.aborted) notice(`Could not list the documents: ${error.message}`);
    }
  };
  let timer = null;
  const poll = async () => {
    clearTimeout(timer);
    await refresh();
    if (!signal.aborted && documents.some(d => d.status === 'queued' || d.status === 'running')) timer = setTimeout(poll, PollMs);
  };
  search.addEventListener('input', render);

  main.append(
    uploadPanel(uploads, poll),
    el('section', { class: 'panel', 'aria-labelledby': 'documents-title' },
      el('h2', { id: 'documents-title' }, 'Documents'),
      el('label', { for: 'search' }, 'Search by name'), search,
      el('table', { id: 'documents' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Actions'))),
        rows)),
    collectionsPanel(signal));
  poll();
}

function documentRow(d, refresh) {
  const status = el('td', { class: `status ${d.status}` }, Statuses[d.status] ?? d.status);
  if (d.status === 'running' && d.phase) status.append(el('span', { class: 'phase' }, `: ${d.phase}`));
  if (d.error) status.append(el('span', { class: 'reason' }, `: ${d.error}`));
  const remove_ = el('button', { type: 'button', 'aria-label': `Delete ${d.name}` }, 'Delete');
  remove_.addEventListener('click', async () => {
    if (!confirm(`Delete ${d.name}?`)) return;
    try {
      await remove(`/v1/documents/${d.id}`);
      await refresh();
    } catch (error) {
      notice(`Could not delete ${d.name}: ${error.message}`);
    }
  });
  return el('tr', { 'data-id': d.id },
    el('td', {}, d.status === 'done' ? link(`#/doc/${d.id}`, d.name) : d.name),
    status,
    el('td', {}, remove_));
}

function uploadPanel(list, poll) {
  const input = el('input', { id: 'files', type: 'file', multiple: true });
  const zone = el('div', { class: 'drop', id: 'drop' }, 'Drop files here, or ', el('label', { for: 'files' }, 'choose files to add'), input);
  const send = files => {
    for (const file of files) {
      const bar = el('progress', { max: '1', value: '0', 'aria-label': `Upload of ${file.name}` });
      const state = el('span', { class: 'state' }, 'sending');
      list.append(el('li', {}, el('span', { class: 'name' }, file.name), bar, state));
      upload(file, part => { bar.value = part; })
        .then(d => { bar.value = 1; state.textContent = `accepted (${Statuses[d.status] ?? d.status})`; poll(); })
        .catch(error => { state.textContent = `refused: ${error.message}`; state.classList.add('failed'); });
    }
  };
  input.addEventListener('change', () => { send([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); send([...e.dataTransfer.files]); });
  return el('section', { class: 'panel', 'aria-labelledby': 'upload-title' }, el('h2', { id: 'upload-title' }, 'Add documents'), zone, list);
}

function collectionsPanel(signal) {
  const list = el('ul', { id: 'collections' });
  const name = el('input', { id: 'collection-name', type: 'text', autocomplete: 'off', required: true });
  const refresh = async () => {
    try {
      const collections = (await get('/v1/collections', signal)).data;
      list.replaceChildren(...collections.map(c => {
        const drop = el('button', { type: 'button', 'aria-label': `Delete collection ${c.name}` }, 'Delete');
        drop.addEventListener('click', async () => {
          if (!confirm(`Delete the collection ${c.name}? Its documents stay in the library.`)) return;
          await remove(`/v1/collections/${encodeURIComponent(c.id)}`).catch(error => notice(`Could not delete ${c.name}: ${error.message}`));
          refresh();
        });
        return el('li', {}, link(`#/collection/${encodeURIComponent(c.id)}`, c.name), ' ', drop);
      }));
    } catch (error) {
      if (!signal.aborted) list.replaceChildren(el('li', { class: 'reason' }, `Collections are not available: ${error.message}`));
    }
  };
  const form = el('form', { id: 'new-collection' }, el('label', { for: 'collection-name' }, 'New collection'), name, el('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const created = await post('/v1/collections', { name: name.value.trim() });
      location.hash = `#/collection/${encodeURIComponent(created.id)}`;
    } catch (error) {
      notice(`Could not create the collection: ${error.message}`);
    }
  });
  refresh();
  return el('section', { class: 'panel', 'aria-labelledby': 'collections-title' }, el('h2', { id: 'collections-title' }, 'Collections'), list, form);
}
