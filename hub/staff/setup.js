// setup.js — the set-up page: the one-time token is in the link's
// fragment (#TOKEN), which browsers never send to a server or put in a
// Referer; it is taken off the address bar at once.
import { api } from './api.js';
import { initLang, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const token = location.hash.slice(1);
history.replaceState(null, '', location.pathname);

await initLang($('lang'));
$('setup').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  const say = (s, bad) => { $('message').textContent = s; $('message').className = bad ? 'bad' : ''; };
  if (f.password.value !== f.again.value) return say(t('setup.differ'), true);
  try {
    const r = await api('setup', { method: 'POST', body: { token, password: f.password.value } });
    f.hidden = true;
    $('to-login').hidden = false;
    say(t('setup.done', { name: r.name }));
  } catch (err) { say(err.message, true); }
});
