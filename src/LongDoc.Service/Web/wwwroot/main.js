// The router: the hash names the view (#/, #/doc/ID, #/doc/ID/page/N, #/collection/ID); no key, the sign-in form.
import { key, onUnauthorized } from './api.js';
import { showSignIn } from './signin.js';
import { showLibrary } from './library.js';
import { showDocument } from './document.js';
import { showCollection } from './collection.js';
import { notice } from './dom.js';

const routes = [
  [/^#\/doc\/(\d+)(?:\/page\/(\d+))?$/, m => showDocument(Number(m[1]), m[2] ? Number(m[2]) : null)],
  [/^#\/collection\/([^/]+)$/, m => showCollection(decodeURIComponent(m[1]))],
  [/^(#\/?)?$/, () => showLibrary()],
];

function route() {
  const signedIn = key.get() !== null;
  document.getElementById('sign-out').hidden = !signedIn;
  if (!signedIn) return showSignIn();
  const hash = location.hash;
  for (const [pattern, show] of routes) {
    const match = pattern.exec(hash);
    if (match) return show(match);
  }
  return showLibrary();
}

function signOut(message) {
  key.clear();
  route();
  notice(message);
}

onUnauthorized(error => signOut(`The server answered 401 (${error.message}); sign in again.`));
document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
window.addEventListener('hashchange', route);
document.addEventListener('longdoc:signed-in', route);
route();
