// The ask box of a document or a collection: the answer streamed as it comes (server-sent events read from fetch,
// so the key stays in a header), then its citations, each a link that opens its page with the quote highlighted.
// An extractive answer (quoted passages, no language model) says so.
import { stream } from './api.js';
import { el } from './dom.js';

const ExtractiveLabel = 'Extractive answer: passages quoted from the documents, no language model wrote this.';

/** The form and the answer area; open(documentId, page, quote) shows a citation's page. */
export function askBox(path, open) {
  const question = el('input', { id: 'question', type: 'text', autocomplete: 'off', required: true });
  const button = el('button', { type: 'submit' }, 'Ask');
  const answer = el('div', { class: 'answer', id: 'answer', 'aria-live': 'polite' });
  const form = el('form', { id: 'ask' }, el('label', { for: 'question' }, 'Ask a question'), question, button);
  let running = null;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    running?.abort();
    running = new AbortController();
    const text = el('p', { class: 'answer-text', id: 'answer-text' });
    answer.replaceChildren(text);
    answer.setAttribute('aria-busy', 'true');
    button.disabled = true;
    try {
      await stream(path, { question: question.value.trim() }, (name, data) => {
        if (name === 'answer') text.append(data.delta);
        else if (name === 'citations') answer.append(...citations(data, open));
        else if (name === 'error') answer.append(el('p', { class: 'reason' }, data.error?.message ?? 'the answer failed'));
      }, running.signal);
    } catch (error) {
      if (error.name !== 'AbortError') answer.append(el('p', { class: 'reason' }, `No answer: ${error.message}`));
    } finally {
      answer.setAttribute('aria-busy', 'false');
      button.disabled = false;
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'ask-title' }, el('h2', { id: 'ask-title' }, 'Ask'), form, answer);
}

function citations(data, open) {
  const parts = [];
  if (data.mode === 'extractive') parts.push(el('p', { class: 'mode extractive', id: 'answer-mode' }, ExtractiveLabel));
  else parts.push(el('p', { class: 'mode', id: 'answer-mode' }, `Answered by the language model (${data.mode}); quotes checked against the pages.`));
  const list = el('ol', { class: 'citations', id: 'citations' });
  for (const c of data.citations ?? []) {
    const documentId = c.document?.id ?? data.documentId;
    const where = `${c.document?.name ? c.document.name + ', ' : ''}p. ${c.page}${c.lastPage && c.lastPage !== c.page ? '-' + c.lastPage : ''}`;
    const go = el('a', { href: `#/doc/${documentId}/page/${c.page}`, class: 'cite' }, where);
    go.addEventListener('click', e => { e.preventDefault(); open(documentId, c.page, c.quote); });
    list.append(el('li', {}, go, c.section ? el('span', { class: 'section' }, ` (${c.section})`) : null,
      el('q', {}, c.quote), c.verified === false ? el('span', { class: 'reason' }, ' not found on the page') : null));
  }
  parts.push(list);
  if (data.pagesRead) parts.push(el('p', { class: 'hint' }, `Pages read: ${[].concat(data.pagesRead).join(', ')}`));
  for (const d of data.documentsRead ?? []) parts.push(el('p', { class: 'hint' }, `Read ${d.name}: pages ${[].concat(d.pagesRead).join(', ')}`));
  for (const d of data.skipped ?? []) parts.push(el('p', { class: 'hint' }, `Not read: ${d.name} (${d.status})`));
  return parts;
}
