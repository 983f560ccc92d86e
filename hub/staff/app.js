// app.js — the staff console: log in, then the views the person's role
// allows (the server checks the role again on every request): requests,
// sign-ups and buddies (buddies.js) for caseworkers; kiosks, staff and the
// audit log and volunteers (volunteers.js) for admins; content
// (content.js) for editors. Data reaches the
// page only through dom.js (textContent).
import { api, setCsrf, ApiError } from './api.js';
import { el, clear, when, span } from './dom.js';
import { initLang, t, currentLang } from './i18n.js';
import { initBuddies, renderBuddies } from './buddies.js';
import { renderContent } from './content.js';
import { renderVolunteers, stopVolunteers } from './volunteers.js';

const $ = (id) => document.getElementById(id);
const state = { session: null, view: null, page: 1, filter: {}, open: null };

function say(text, bad = false) {
  $('message').textContent = text || '';
  $('message').className = bad ? 'bad' : '';
}

function failed(e) {
  if (e instanceof ApiError && e.status === 401) return showLogin(t('login.ended'));
  say(e.message, true);
}

function showLogin(why = '') {
  stopVolunteers();
  state.session = null;
  setCsrf('');
  for (const s of document.querySelectorAll('main > section')) s.hidden = true;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  say(why, !!why);
}

function showSession(s) {
  state.session = s;
  setCsrf(s.csrf);
  $('login').hidden = true;
  $('nav').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `${s.name} (${t('role.' + s.role)})`;
  let first = null;
  for (const b of $('nav').querySelectorAll('button')) {
    b.hidden = b.dataset.role !== s.role && b.dataset.role !== 'all';
    if (!b.hidden && !first) first = b.dataset.view;
  }
  say('');
  show(first);
}

async function show(view) {
  if (state.view === 'volunteers' && view !== 'volunteers') stopVolunteers();
  state.view = view;
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== view;
  for (const b of $('nav').querySelectorAll('button')) b.setAttribute('aria-current', b.dataset.view === view);
  try {
    if (view === 'content') await renderContent(say, failed);
    else if (view === 'inbox') await renderInbox();
    else if (view === 'signups') await renderSignups();
    else if (view === 'buddies') await renderBuddies();
    else if (view === 'kiosks') await renderKiosks();
    else if (view === 'people') await renderPeople();
    else if (view === 'audit') await renderAudit();
    else if (view === 'volunteers') await renderVolunteers(say, failed);
  } catch (e) { failed(e); }
}

// --- requests ------------------------------------------------------------

async function renderInbox() {
  const q = new URLSearchParams({ ...state.filter, page: state.page });
  const data = await api(`submissions?${q}`);
  const body = $('inbox-table').tBodies[0];
  clear(body);
  for (const s of data.submissions) {
    const row = el('tr', { class: `state-${s.state}`, tabIndex: 0, onclick: () => openSubmission(s.uuid),
                           onkeydown: (e) => { if (e.key === 'Enter') openSubmission(s.uuid); } },
      el('td', { class: 'ref' }, s.ref), el('td', {}, t('kind.' + s.kind)), el('td', {}, s.kiosk),
      el('td', {}, when(s.received_at, currentLang())), el('td', {}, t('state.' + s.state)));
    row.dataset.uuid = s.uuid;
    body.append(row);
  }
  $('inbox-count').textContent = t('inbox.count', { n: data.total });
  $('prev').disabled = state.page <= 1;
  $('next').disabled = state.page * data.page_size >= data.total;
  $('csv').hidden = !data.can_open;
  if (!data.can_open) say(t('inbox.no_key'), true);
}

function answerText(v) {
  if (v === true) return t('yes');
  if (v === false) return t('no');
  if (Array.isArray(v)) return v.join(', ');
  if (v === null || v === undefined) return '—';
  return String(v);
}

async function openSubmission(uuid) {
  try {
    const s = await api(`submissions/${encodeURIComponent(uuid)}`);
    state.open = uuid;
    $('detail').hidden = false;
    $('detail-title').textContent = `${s.ref} — ${t('kind.' + s.kind)}`;
    const meta = $('detail-meta');
    clear(meta);
    const add = (dl, k, v) => dl.append(el('dt', {}, k), el('dd', { dir: 'auto' }, v));
    add(meta, t('inbox.kiosk'), s.kiosk);
    add(meta, t('inbox.received'), when(s.received_at, currentLang()));
    if (s.delete_at) add(meta, t('inbox.deleted_on'), when(s.delete_at, currentLang()));
    if (s.lang) add(meta, t('inbox.lang'), s.lang);
    if (s.activity) add(meta, t('signups.activity'), `${s.activity} ${s.day || ''}`);
    if (s.error) add(meta, t('inbox.error'), s.error);
    const answers = $('detail-answers');
    clear(answers);
    for (const [k, v] of Object.entries(s.answers || {})) add(answers, k, answerText(v));
    $('detail').scrollIntoView({ block: 'nearest' });
  } catch (e) { failed(e); }
}

async function setState(next) {
  if (!state.open) return;
  try {
    await api(`submissions/${encodeURIComponent(state.open)}/state`, { method: 'POST', body: { state: next } });
    await renderInbox();
    say(t('state.changed'));
  } catch (e) { failed(e); }
}

// --- sign-ups ------------------------------------------------------------------

async function renderSignups() {
  const data = await api(`signups?lang=${encodeURIComponent(currentLang())}`);
  const body = $('signups-table').tBodies[0];
  clear(body);
  for (const s of data.sessions) {
    body.append(el('tr', {},
      el('td', { dir: 'auto' }, s.title), el('td', {}, s.day), el('td', {}, s.taken),
      el('td', { class: s.left === 0 ? 'bad' : '' }, s.left === null ? '—' : s.left),
      el('td', { class: 'ref' }, s.people.map((p) => p.ref).join(', '))));
  }
  if (!data.sessions.length) body.append(el('tr', {}, el('td', { colSpan: 5 }, t('signups.none'))));
}

// --- kiosks -------------------------------------------------------------------

async function renderKiosks() {
  const data = await api('kiosks');
  const body = $('kiosks-table').tBodies[0];
  clear(body);
  const now = Date.now();
  for (const k of data.kiosks) {
    const beat = k.heartbeat_at ? t('ago', { span: span((now - k.heartbeat_at) / 1000) }) : t('never');
    const revoke = k.revoked ? el('span', {}, t('kiosks.revoked'))
      : el('button', { onclick: () => revokeKiosk(k.name) }, t('kiosks.revoke'));
    body.append(el('tr', { class: k.revoked ? 'revoked' : k.stale ? 'stale' : '' },
      el('td', {}, k.name), el('td', {}, beat), el('td', {}, k.firmware || '—'),
      el('td', {}, k.content_version || '—'), el('td', {}, k.queued),
      el('td', {}, k.queued ? span(k.oldest_queued_age_s) : '—'),
      el('td', { dir: 'auto', class: 'error' }, k.last_error || '—'), el('td', {}, revoke)));
  }
}

async function enrol(form) {
  try {
    const r = await api('kiosks', { method: 'POST', body: { name: form.name.value } });
    $('token').hidden = false;
    $('token').textContent = t('kiosks.token', { name: r.name, token: r.token });
    form.reset();
    await renderKiosks();
  } catch (e) { failed(e); }
}

async function revokeKiosk(name) {
  if (!confirm(t('kiosks.confirm', { name }))) return;
  try {
    await api(`kiosks/${encodeURIComponent(name)}/revoke`, { method: 'POST', body: {} });
    await renderKiosks();
  } catch (e) { failed(e); }
}

// --- staff and audit ------------------------------------------------------------

async function renderPeople() {
  const data = await api('staff');
  const body = $('people-table').tBodies[0];
  clear(body);
  for (const p of data.staff) {
    const keys = [p.hub_key ? t('people.hub_key') : '', p.publisher_key ? t('people.publisher_key') : '',
                  p.hub_key_waiting ? t('people.hub_key_waiting') : '',
                  p.publisher_key_waiting ? t('people.publisher_key_waiting') : '']
      .filter(Boolean).join(', ') || '—';
    const st = p.revoked ? t('people.revoked') : p.set_up ? t('people.active') : t('people.setup');
    const other = !p.revoked && p.name !== state.session.name;
    const actions = el('div', { class: 'actions' });
    for (const kind of ['hub', 'publisher'])
      if (other && state.session.keys[kind] && !p[`${kind}_key`] && !p[`${kind}_key_waiting`])
        actions.append(el('button', { onclick: () => grantKey(p.name, kind) }, t(`people.give_${kind}`)));
    if (other) actions.append(el('button', { onclick: () => resetPerson(p.name) }, t('people.reset')),
                              el('button', { onclick: () => revokePerson(p.name) }, t('people.revoke')));
    body.append(el('tr', { class: p.revoked ? 'revoked' : '' }, el('td', {}, p.name),
      el('td', {}, t('role.' + p.role)), el('td', {}, st), el('td', {}, keys), el('td', {}, actions)));
  }
}

async function grantKey(name, kind) {
  try {
    await api(`staff/${encodeURIComponent(name)}/grant`, { method: 'POST', body: { kind } });
    await renderPeople();
    say(t('people.given', { name }));
  } catch (e) { failed(e); }
}

async function resetPerson(name) {
  if (!confirm(t('people.reset_confirm', { name }))) return;
  try {
    const r = await api(`staff/${encodeURIComponent(name)}/reset`, { method: 'POST', body: {} });
    $('people-link').hidden = false;
    $('people-link').textContent = t('people.link', { name, link: `${location.origin}/staff/setup.html#${r.token}` });
    await renderPeople();
  } catch (e) { failed(e); }
}

async function changePassword(f) {
  if (f.new.value !== f.again.value) return say(t('password.differ'), true);
  try {
    await api('password', { method: 'POST', body: { old: f.old.value, new: f.new.value } });
    f.reset();
    say(t('password.changed'));
  } catch (e) { failed(e); }
}

async function revokePerson(name) {
  if (!confirm(t('people.confirm', { name }))) return;
  try {
    await api(`staff/${encodeURIComponent(name)}/revoke`, { method: 'POST', body: {} });
    await renderPeople();
  } catch (e) { failed(e); }
}

async function renderAudit() {
  const data = await api('audit');
  const body = $('audit-table').tBodies[0];
  clear(body);
  for (const a of data.audit)
    body.append(el('tr', {}, el('td', {}, when(a.at, currentLang())), el('td', {}, a.staff),
      el('td', {}, a.action), el('td', { class: 'ref' }, a.target)));
}

// --- start -----------------------------------------------------------------------

async function start() {
  await initLang($('lang'), () => {
    say('');      // a message said in the language before would stay in it
    if (state.session) { $('who').textContent = `${state.session.name} (${t('role.' + state.session.role)})`; show(state.view); }
  });
  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const s = await api('login', { method: 'POST', body: { name: f.name.value, password: f.password.value } });
      f.reset();
      showSession(s);
    } catch (err) { say(err.status === 429 ? t('login.locked') : t('login.wrong'), true); }
  });
  $('logout').addEventListener('click', async () => {
    try { await api('logout', { method: 'POST', body: {} }); } catch (e) { /* ended already */ }
    showLogin(t('login.out'));
  });
  for (const b of $('nav').querySelectorAll('button')) b.addEventListener('click', () => show(b.dataset.view));
  $('inbox-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target;
    state.filter = Object.fromEntries(['ref', 'kind', 'state', 'kiosk'].map((k) => [k, f[k].value.trim()]).filter(([, v]) => v));
    state.page = 1;
    $('detail').hidden = true;
    show('inbox');
  });
  $('prev').addEventListener('click', () => { state.page--; show('inbox'); });
  $('next').addEventListener('click', () => { state.page++; show('inbox'); });
  for (const b of $('detail').querySelectorAll('[data-state]')) b.addEventListener('click', () => setState(b.dataset.state));
  $('enrol').addEventListener('submit', (e) => { e.preventDefault(); enrol(e.target); });
  initBuddies(failed, say);
  $('password').addEventListener('submit', (e) => { e.preventDefault(); changePassword(e.target); });
  try {
    showSession(await api('session'));
  } catch (e) {
    showLogin();
  }
}

start();
