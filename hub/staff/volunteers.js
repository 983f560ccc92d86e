// volunteers.js — the admin's volunteers (docs/volunteers.md, "At the
// hub"): who is here now (polled every 10 s while the page is shown), the
// roster (names and organisations, never a code), adding a volunteer or
// giving a new code, which answers the code once: it goes onto the badge
// sheet (A4, 8 cards, printed from the browser) and is forgotten when the
// page is left; organisations; and the hours between two days with their
// CSV. Everything the hub sends is put into the page as text (dom.js);
// the QR code is SVG path data of digits the hub made, set as an attribute.
import { api } from './api.js';
import { el, clear, when } from './dom.js';
import { t, currentLang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const HERE_POLL_MS = 10000;
const ctx = { say: () => {}, failed: () => {}, orgs: new Map(), cards: [], timer: 0 };

function qrSvg(qr) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(qr.size));
  bg.setAttribute('height', String(qr.size));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', qr.path);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

function renderBadges() {
  const sheet = $('badge-sheet');
  clear(sheet);
  for (const c of ctx.cards) {
    sheet.append(el('div', { class: 'badge' },
      el('div', { class: 'badge-name', dir: 'auto' }, c.first_name),
      el('div', { class: 'badge-org', dir: 'auto' }, ctx.orgs.get(c.organisation) || c.organisation),
      qrSvg(c.qr),
      el('div', { class: 'badge-code', dir: 'ltr' }, c.code)));
  }
  $('badges').hidden = ctx.cards.length === 0;
}

function addCards(answer) {
  ctx.cards.push(...answer.cards);
  renderBadges();
  $('badges').scrollIntoView({ block: 'nearest' });
}

async function renderRoster() {
  const data = await api('volunteers');
  ctx.orgs = new Map(data.organisations.map((o) => [o.id, o.name]));
  const body = $('volunteers-table').tBodies[0];
  clear(body);
  for (const v of data.volunteers) {
    const code = el('button', { type: 'button', onclick: async () => {
      if (!confirm(t('vol.new_code_confirm', { name: v.first_name }))) return;
      try { addCards(await api(`volunteers/${v.number}/code`, { method: 'POST', body: {} })); await renderRoster(); }
      catch (e) { ctx.failed(e); }
    } }, t('vol.new_code'));
    const off = el('button', { type: 'button', onclick: async () => {
      if (!confirm(t('vol.deactivate_confirm', { name: v.first_name }))) return;
      try { await api(`volunteers/${v.number}/deactivate`, { method: 'POST', body: {} }); await renderRoster(); }
      catch (e) { ctx.failed(e); }
    } }, t('vol.deactivate'));
    const row = el('tr', { class: v.active ? '' : 'inactive' },
      el('td', {}, String(v.number)), el('td', { dir: 'auto' }, v.first_name),
      el('td', { dir: 'auto' }, ctx.orgs.get(v.organisation) || v.organisation),
      el('td', {}, t(v.active ? 'vol.active' : 'vol.inactive')),
      el('td', { class: 'actions' }, code, v.active ? off : ''));
    row.dataset.number = v.number;
    body.append(row);
  }
  const list = $('organisations-list'), ids = $('organisation-ids');
  clear(list);
  clear(ids);
  for (const o of data.organisations) {
    list.append(el('li', { dir: 'auto' }, `${o.name} (${o.id}) — ${t('vol.count', { n: o.volunteers })}`));
    ids.append(el('option', { value: o.name }));
  }
}

function hoursOf(minutes) { return (minutes / 60).toFixed(2); }

async function renderHere() {
  let data;
  try { data = await api('volunteers/here'); } catch (e) {
    $('here-status').textContent = e.message;
    return;
  }
  const list = $('here-list');
  clear(list);
  for (const ev of data.events) {
    const ul = el('ul', {}, ...ev.volunteers.map((v) => el('li', {},
      el('span', { dir: 'auto' }, v.first_name), ` (${v.number}) — ${t('vol.since', { time: when(v.since, currentLang()) })}`)));
    list.append(el('div', { class: 'here-event' }, el('h4', { dir: 'auto' }, `${ev.title} — ${ev.volunteers.length}`), ul));
  }
  $('here-status').textContent = data.events.length ? t('vol.here_at', { time: when(data.now, currentLang()) })
    : t('vol.here_nobody');
}

async function showHours(e) {
  e.preventDefault();
  const f = new FormData($('hours-form'));
  const q = new URLSearchParams({ from: f.get('from'), to: f.get('to') });
  try {
    const data = await api(`volunteers/hours?${q}`);
    const body = $('hours-table').tBodies[0];
    clear(body);
    for (const r of data.hours) {
      body.append(el('tr', {}, el('td', { dir: 'auto' }, ctx.orgs.get(r.organisation) || r.organisation),
        el('td', { dir: 'auto' }, r.title), el('td', {}, String(r.volunteer)), el('td', { dir: 'auto' }, r.first_name),
        el('td', {}, hoursOf(r.minutes)), el('td', {}, String(r.stays)), el('td', {}, String(r.closed_by_window))));
    }
    $('hours-table').hidden = false;
    $('hours-csv').href = `/api/staff/volunteers/hours.csv?${q}`;
    $('hours-csv').hidden = false;
    ctx.say(data.unreadable ? t('vol.unreadable', { n: data.unreadable }) : '', !!data.unreadable);
  } catch (err) { ctx.failed(err); }
}

export function stopVolunteers() {
  clearInterval(ctx.timer);
  ctx.timer = 0;
  ctx.cards = [];
  renderBadges();
}

export async function renderVolunteers(say, failed) {
  ctx.say = say;
  ctx.failed = failed;
  if (!$('volunteer-add').onsubmit) {
    $('volunteer-add').onsubmit = async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      try {
        addCards(await api('volunteers', { method: 'POST',
          body: { first_name: f.get('first_name'), organisation: f.get('organisation') } }));
        e.target.reset();
        await renderRoster();
      } catch (err) { failed(err); }
    };
    $('organisation-add').onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api('organisations', { method: 'POST', body: { name: new FormData(e.target).get('name') } });
        e.target.reset();
        await renderRoster();
      } catch (err) { failed(err); }
    };
    $('badges-print').onclick = () => window.print();
    $('badges-clear').onclick = () => { ctx.cards = []; renderBadges(); };
    $('hours-form').onsubmit = showHours;
    const today = new Date().toISOString().slice(0, 10);
    $('hours-form').elements.from.value = `${today.slice(0, 8)}01`;
    $('hours-form').elements.to.value = today;
  }
  renderBadges();
  await renderRoster();
  await renderHere();
  clearInterval(ctx.timer);
  ctx.timer = setInterval(() => { if (!$('volunteers').hidden) renderHere(); }, HERE_POLL_MS);
}
