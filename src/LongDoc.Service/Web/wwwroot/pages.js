// One page of a document: for a PDF the page drawn by PDF.js (shipped in the service), for every format the page's
// text; a quote being checked is highlighted in both (a <mark> in the text, a tint over the PDF's matching lines).
import { bytes, get } from './api.js';
import { el } from './dom.js';

const Scale = 1.3;
let pdfjs = null;

async function loadPdfJs() {
  if (!pdfjs) {
    pdfjs = await import('/app/vendor/pdfjs/pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = '/app/vendor/pdfjs/pdf.worker.min.mjs';
  }
  return pdfjs;
}

/** Lower case with every run of white space one space, and for each character of it the index it came from. */
function fold(text) {
  let folded = '';
  const at = [];
  for (let i = 0; i < text.length; i++) {
    const space = /\s/.test(text[i]);
    if (space && (folded.length === 0 || folded.endsWith(' '))) continue;
    folded += space ? ' ' : text[i].toLowerCase();
    at.push(i);
  }
  return { folded, at };
}

/** Where in text the quote is: the whole of it, else its first or last 60 characters (a quote over a page break). */
export function locate(text, quote) {
  const { folded, at } = fold(text);
  const q = fold(quote).folded.trim();
  for (const part of [q, q.slice(0, 60).trim(), q.slice(-60).trim()]) {
    const start = part.length >= 4 ? folded.indexOf(part) : -1;
    if (start >= 0) return [at[start], at[start + part.length - 1] + 1];
  }
  return null;
}

/** The page's text with the quote marked. */
function textOf(text, quote) {
  const span = quote ? locate(text, quote) : null;
  const box = el('div', { class: 'page-text', id: 'page-text' });
  if (span) box.append(text.slice(0, span[0]), el('mark', {}, text.slice(span[0], span[1])), text.slice(span[1]));
  else box.append(text);
  return box;
}

/** A view of one document's pages; show(n, quote) replaces what it shows. */
export function pageViewer(id, info, signal) {
  const title = el('h2', { id: 'page-title', tabindex: '-1' }, 'Pages');
  const body = el('div', { class: 'page-body' });
  const prev = el('button', { type: 'button', id: 'page-prev' }, 'Previous page');
  const next = el('button', { type: 'button', id: 'page-next' }, 'Next page');
  const section = el('section', { class: 'panel pages', 'aria-labelledby': 'page-title' }, title, el('div', { class: 'page-nav' }, prev, next), body);
  let pdf = null;
  let current = 1;

  const pdfPage = async (n, quote) => {
    const lib = await loadPdfJs();
    pdf ??= await lib.getDocument({ data: await bytes(`/v1/documents/${id}/file`, signal), isEvalSupported: false }).promise;
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: Scale });
    const canvas = el('canvas', { class: 'pdf-page', id: 'pdf-page', width: Math.floor(viewport.width), height: Math.floor(viewport.height), 'aria-label': `Page ${n} as printed` });
    await page.render({ canvas, viewport }).promise;
    if (quote) tint(canvas, viewport, await page.getTextContent(), quote);
    return canvas;
  };

  const show = async (n, quote, focus) => {
    current = Math.min(Math.max(1, n), info.pageCount);
    title.textContent = `Page ${current} of ${info.pageCount}`;
    prev.disabled = current <= 1;
    next.disabled = current >= info.pageCount;
    const page = await get(`/v1/documents/${id}/pages/${current}`, signal);
    const text = textOf(page.text, quote);
    body.replaceChildren(text);
    if (focus) title.focus();
    text.querySelector('mark')?.scrollIntoView({ block: 'center' });
    if (info.format === 'pdf') {
      try {
        body.prepend(await pdfPage(current, quote));
      } catch (error) {
        if (!signal.aborted) body.prepend(el('p', { class: 'reason' }, `The page could not be drawn (${error.message}); its text follows.`));
      }
    }
    section.dataset.page = current;
  };
  prev.addEventListener('click', () => { location.hash = `#/doc/${id}/page/${current - 1}`; });
  next.addEventListener('click', () => { location.hash = `#/doc/${id}/page/${current + 1}`; });
  return { section, show };
}

/** Tints the PDF's text runs that hold part of the quote (found in their joined text like the quote in the page's text). */
function tint(canvas, viewport, content, quote) {
  const items = content.items.filter(item => typeof item.str === 'string');
  const ranges = [];
  let joined = '';
  for (const item of items) {
    ranges.push([joined.length, joined.length + item.str.length]);
    joined += item.str + ' ';
  }
  const span = locate(joined, quote);
  if (!span) return;
  const context = canvas.getContext('2d');
  context.fillStyle = 'rgba(255, 200, 0, 0.4)';
  items.forEach((item, i) => {
    const [start, end] = ranges[i];
    if (end <= span[0] || start >= span[1] || item.str.trim() === '') return;
    const [x, y] = [item.transform[4], item.transform[5]];
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([x, y - item.height * 0.25, x + item.width, y + item.height]);
    context.fillRect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
  });
}
