// buddies.js — buddy matching, a caseworker's page: the open buddy
// requests; for the one chosen, the buddies the hub suggests, best first,
// with the reasons in words and a match that asks to be confirmed; the
// roster of buddies, added, changed and removed here. The hub opens the
// request with the session's key to rank the roster and keeps none of
// it; this page shows it and forgets it on the next view.
import { api } from './api.js';
import { el, clear, when } from './dom.js';
import { t, currentLang } from './i18n.js';

// What the kiosk's buddy form offers (assets/demo/forms/buddy.ini): the
// kiosk's languages, the interests, the times of the week.
const LANGUAGES = ['nl', 'en', 'fr', 'ar', 'fa', 'ps', 'ti', 'so', 'tr', 'uk', 'ru'];
const INTERESTS = ['sport', 'walking', 'dutch', 'culture', 'cooking', 'games', 'children', 'coffee'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PARTS = ['morning', 'afternoon', 'evening'];

const $ = (id) => document.getElementById(id);
let fail = () => {};
let say = () => {};
let roster = [];

function languageName(code) {
  try { return new Intl.DisplayNames([currentLang()], { type: 'language' }).of(code) || code; } catch { return code; }
}
const timeName = (w) => { const [d, p] = w.split('-'); return `${t('day.' + d)} ${t('part.' + p)}`; };
const interestName = (w) => t('interest.' + w);
function names(list, name) {
  try { return new Intl.ListFormat([currentLang()], { style: 'short', type: 'unit' }).format(list.map(name)); }
  catch { return list.map(name).join(', '); }
}

// --- open requests and suggestions ----------------------------------------

async function renderRequests() {
  const data = await api('buddy-requests');
  const body = $('buddy-requests-table').tBodies[0];
  clear(body);
  for (const q of data.requests) {
    const row = el('tr', { tabIndex: 0, onclick: () => suggest(q.uuid),
                           onkeydown: (e) => { if (e.key === 'Enter') suggest(q.uuid); } },
      el('td', { class: 'ref' }, q.ref), el('td', {}, q.kiosk), el('td', {}, when(q.received_at, currentLang())));
    row.dataset.uuid = q.uuid;
    body.append(row);
  }
  if (!data.requests.length) body.append(el('tr', {}, el('td', { colSpan: 3 }, t('buddies.no_requests'))));
  if (!data.can_open && data.requests.length) say(t('inbox.no_key'), true);
}

// One suggestion's reasons, each a line of words.
function reasons(r, wish) {
  const lines = [];
  lines.push(r.languages.length ? t('reason.languages', { list: names(r.languages, languageName) })
                                : ['bad', t('reason.no_language')]);
  lines.push(r.times.length ? t('reason.times', { list: names(r.times, timeName) }) : ['bad', t('reason.no_time')]);
  if (r.interests.length) lines.push(t('reason.interests', { list: names(r.interests, interestName) }));
  if (r.gender === 'as_asked') lines.push(t('reason.gender_as_asked', { gender: t('gender.' + wish.gender) }));
  if (r.gender === 'other') lines.push(['bad', t('reason.gender_other', { gender: t('gender.' + wish.gender) })]);
  if (r.age === 'same') lines.push(t('reason.age_same'));
  if (r.age === 'near') lines.push(t('reason.age_near'));
  if (r.age === 'far') lines.push(t('reason.age_far'));
  if (r.matches) lines.push(t('reason.matches', { n: r.matches }));
  return el('ul', { class: 'reasons' }, ...lines.map((l) => Array.isArray(l) ? el('li', { class: l[0] }, l[1]) : el('li', {}, l)));
}

async function suggest(uuid) {
  try {
    const s = await api(`buddy-requests/${encodeURIComponent(uuid)}`);
    const box = $('suggestions');
    box.hidden = false;
    box.dataset.uuid = uuid;
    $('suggestions-title').textContent = t('buddies.for', { ref: s.ref });
    const wish = $('suggestions-wish');
    clear(wish);
    const add = (k, v) => wish.append(el('dt', {}, k), el('dd', {}, v || '—'));
    add(t('buddy.languages'), names(s.wish.languages, languageName));
    add(t('buddy.interests'), names(s.wish.interests, interestName));
    add(t('buddy.times'), names(s.wish.availability, timeName));
    add(t('buddy.age'), s.wish.age);
    add(t('buddies.asked_gender'), s.wish.gender ? t('gender.' + s.wish.gender) : '');
    const list = $('suggestions-list');
    clear(list);
    for (const b of s.suggestions) {
      const match = el('button', { class: 'match', onclick: () => confirmMatch(match, uuid, b, s.ref) },
                       t('buddies.match', { name: b.first_name }));
      list.append(el('li', { dataset: { buddy: String(b.id) } },
        el('strong', { dir: 'auto' }, b.first_name), ' ', reasons(b.reasons, s.wish), match));
    }
    if (!s.suggestions.length) list.append(el('li', {}, t('buddies.no_suggestions')));
    $('suggestions-full').textContent = s.full ? t('buddies.full', { n: s.full }) : '';
    box.scrollIntoView({ block: 'nearest' });
  } catch (e) { fail(e); }
}

// The first click asks, the second matches: a match is not undone here.
async function confirmMatch(button, uuid, b, ref) {
  if (!button.classList.contains('confirm')) {
    button.classList.add('confirm');
    button.textContent = t('buddies.confirm', { name: b.first_name, ref });
    return;
  }
  try {
    await api(`buddy-requests/${encodeURIComponent(uuid)}/match`, { method: 'POST', body: { buddy: b.id } });
    $('suggestions').hidden = true;
    await renderBuddies();
    say(t('buddies.matched', { name: b.first_name, ref }));
  } catch (e) { fail(e); }
}

// --- the roster -----------------------------------------------------------

function checkboxes(box, name, words, label) {
  const choices = box.querySelector('.choices') || box.appendChild(el('div', { class: 'choices' }));
  clear(choices);
  for (const w of words)
    choices.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', name, value: w }), label(w)));
}

function buildForm() {
  const f = $('buddy-form');
  checkboxes($('buddy-languages'), 'languages', LANGUAGES, languageName);
  checkboxes($('buddy-interests'), 'interests', INTERESTS, interestName);
  checkboxes($('buddy-times'), 'availability', DAYS.flatMap((d) => PARTS.map((p) => `${d}-${p}`)), timeName);
  for (const [sel, prefix] of [[f.gender, 'gender.'], [f.age, '']])
    for (const o of sel.options) o.textContent = o.value ? (prefix ? t(prefix + o.value) : o.value) : '—';
}

function fillForm(b) {
  const f = $('buddy-form');
  f.reset();
  f.buddy_id.value = b ? b.id : '';
  if (!b) return;
  f.first_name.value = b.first_name;
  f.gender.value = b.gender;
  f.age.value = b.age;
  f.capacity.value = b.capacity;
  for (const box of f.querySelectorAll('input[type=checkbox]')) box.checked = b[box.name].includes(box.value);
  f.first_name.focus();
}

async function save(f) {
  const checked = (name) => [...f.querySelectorAll(`input[name=${name}]:checked`)].map((c) => c.value);
  const body = { first_name: f.first_name.value, languages: checked('languages'), interests: checked('interests'),
                 availability: checked('availability'), gender: f.gender.value, age: f.age.value,
                 capacity: Number(f.capacity.value) };
  if (f.buddy_id.value) body.id = Number(f.buddy_id.value);
  try {
    await api('buddies', { method: 'POST', body });
    fillForm(null);
    await renderRoster();
    say(t('buddies.saved'));
  } catch (e) { fail(e); }
}

async function remove(b) {
  if (!confirm(t('buddies.remove_confirm', { name: b.first_name }))) return;
  try {
    await api(`buddies/${b.id}/remove`, { method: 'POST', body: {} });
    await renderRoster();
  } catch (e) { fail(e); }
}

async function renderRoster() {
  roster = (await api('buddies')).buddies;
  const body = $('roster-table').tBodies[0];
  clear(body);
  for (const b of roster) {
    body.append(el('tr', { class: b.full ? 'full' : '' },
      el('td', { dir: 'auto' }, b.first_name), el('td', {}, names(b.languages, languageName)),
      el('td', {}, names(b.interests, interestName)), el('td', {}, names(b.availability, timeName)),
      el('td', {}, b.gender ? t('gender.' + b.gender) : '—'), el('td', {}, b.age || '—'),
      el('td', {}, `${b.matches} / ${b.capacity}`),
      el('td', {}, el('div', { class: 'actions' }, el('button', { onclick: () => fillForm(b) }, t('buddies.edit')),
         el('button', { onclick: () => remove(b) }, t('buddies.remove'))))));
  }
  if (!roster.length) body.append(el('tr', {}, el('td', { colSpan: 8 }, t('buddies.no_buddies'))));
}

export async function renderBuddies() {
  buildForm();
  await renderRequests();
  await renderRoster();
  const box = $('suggestions');
  if (!box.hidden) await suggest(box.dataset.uuid);       // again, in the language now chosen
}

// Once, at the start: the form's buttons, and how the page reports.
export function initBuddies(onFail, onSay) {
  fail = onFail;
  say = onSay;
  $('buddy-form').addEventListener('submit', (e) => { e.preventDefault(); save(e.target); });
  
}
