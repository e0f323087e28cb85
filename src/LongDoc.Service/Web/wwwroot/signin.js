// Sign in with an API key: checked against GET /v1/documents, then kept in sessionStorage for this tab.
import { key, get } from './api.js';
import { el, heading, newView, notice } from './dom.js';

export function showSignIn() {
  newView();
  heading('Sign in');
  const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const form = el('form', { class: 'panel', id: 'sign-in' },
    el('label', { for: 'api-key' }, 'API key'),
    input,
    el('p', { class: 'hint' }, 'The key your administrator gave you. It stays in this browser tab until you sign out or close it.'),
    el('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    key.set(input.value.trim());
    try {
      await get('/v1/documents?limit=1');
      document.dispatchEvent(new Event('longdoc:signed-in'));
    } catch (error) {
      key.clear();
      if (error.status !== 401) notice(`Could not sign in: ${error.message}`);
    }
  });
  document.getElementById('main').append(form);
}
