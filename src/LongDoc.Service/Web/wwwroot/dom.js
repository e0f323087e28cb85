// Builds elements from data. Text always goes in as text nodes (never parsed as HTML): a document's text that
// holds "<script>" or an onerror= attribute shows as those characters.

/** An element with attributes (on* names add listeners) and children (strings become text nodes). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let current = null;

/** Clears the main area for a new view; the signal aborts when the next view starts (polls and streams stop). */
export function newView() {
  current?.abort();
  current = new AbortController();
  document.getElementById('main').replaceChildren();
  notice(null);
  return current.signal;
}

/** A message for the user in the alert line, or none. */
export function notice(message) {
  const line = document.getElementById('notice');
  line.textContent = message ?? '';
  line.hidden = !message;
}

/** A view's heading, focused so that keyboard and screen-reader users start there. */
export function heading(text) {
  const h1 = el('h1', { tabindex: '-1', id: 'view-title' }, text);
  document.getElementById('main').append(h1);
  h1.focus();
  return h1;
}

/** Hash link of the app. */
export function link(hash, ...children) {
  return el('a', { href: hash }, ...children);
}
