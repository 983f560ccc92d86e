// content.js — the editor's view: the draft's items (the centre,
// categories, services, activities, forms), one item at a time with
// every language side by side (right-to-left text areas for ar, fa, ps),
// an untranslated field marked and showing what the kiosk falls back to
// (the chosen language, then English, Dutch, the default), plain keys
// (hours, exceptions, sessions, places, questions) as key = value rows;
// check, publish, the history with restore, and the kiosk's own preview.
// The server sends and takes an item as its ini entries, [section, key,
// value]; everything reaches the page through dom.js (textContent).
import { api, ApiError } from './api.js';
import { el, clear, when } from './dom.js';
import { t, currentLang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const KINDS = ['services', 'activities', 'forms', 'events'];
// What the kiosk shows when a language lacks a text (app/content/texts.c).
const FALLBACK = ['en', 'nl'];
const ctx = { data: null, item: null, say: () => {}, failed: () => {} };
// What a new item starts with: the keys every one of its kind needs.
const TEMPLATES = {
  services: [['service', 'category', ''], ['service', 'pictogram', '']],
  activities: [['activity', 'category', ''], ['activity', 'pictogram', ''], ['activity', 'signup', 'no'],
               ['weekly', 'mon', '']],
  forms: [['form', 'kind', 'message'], ['form', 'keep_days', '60']],
  // docs/volunteers.md: an event or shift volunteers check in to
  events: [['event', 'organisation', ''], ['event', 'place', ''], ['event', 'starts', ''], ['event', 'ends', ''],
           ['event', 'margin_min', '30']],
};

const langs = () => ctx.data.languages;
const isLang = (code) => langs().some((l) => l.code === code);
const dirOf = (code) => (langs().find((l) => l.code === code) || {}).dir || 'ltr';

// A key that is a text in one language: "title" in [ar], "label.ar" or
// "ar" (a category's title) in any section. Its field name and language.
function langKey(section, key) {
  if (section === 'languages') return null;      // centre.ini: which languages are on
  if (isLang(section)) return { field: key, lang: section, inLangSection: true };
  if (isLang(key)) return { field: '', lang: key };
  const dot = key.lastIndexOf('.');
  if (dot > 0 && isLang(key.slice(dot + 1))) return { field: key.slice(0, dot), lang: key.slice(dot + 1) };
  return null;
}

function fallbackFor(values, lang) {
  for (const c of [...FALLBACK, ctx.data.default_language])
    if (c !== lang && values[c]) return { lang: c, value: values[c] };
  return null;
}

function textArea(value, lang, fallback) {
  const a = el('textarea', { lang, dir: dirOf(lang), value: value || '', rows: 2 });
  a.dataset.lang = lang;
  const mark = () => {
    const empty = !a.value.trim();
    a.classList.toggle('untranslated', empty);
    a.placeholder = empty && fallback ? `${t('content.falls_back', { lang: fallback.lang })} ${fallback.value}` : '';
    a.title = empty ? t('content.untranslated') : '';
  };
  a.addEventListener('input', mark);
  mark();
  return a;
}

// One grid: a row per field, a column per language.
function grid(section, fields, inLangSection) {
  const head = el('tr', {}, el('th', {}, t('content.field')),
    ...langs().map((l) => el('th', { lang: l.code, dir: l.dir }, `${l.endonym} (${l.code})`)));
  const body = el('tbody');
  const addRow = (field, values) => {
    const row = el('tr', {}, el('th', { scope: 'row', class: 'ref' }, field || t('content.title')),
      ...langs().map((l) => el('td', {}, textArea(values[l.code], l.code, fallbackFor(values, l.code)))));
    row.dataset.field = field;
    body.append(row);
  };
  for (const [field, values] of fields) addRow(field, values);
  const table = el('table', { class: 'langs' }, el('thead', {}, head), body);
  table.dataset.section = section;
  table.dataset.inLangSection = inLangSection ? '1' : '';
  const add = el('input', { placeholder: t('content.new_field'), pattern: '[a-z0-9_.\\-]{1,63}' });
  const wrap = el('div', { class: 'grid' }, table,
    el('div', { class: 'filters' }, add, el('button', { type: 'button', onclick: () => {
      if (add.checkValidity() && add.value) { addRow(add.value, {}); add.value = ''; }
    } }, t('content.add_field'))));
  return wrap;
}

function plainRow(key, value) {
  const row = el('tr', {},
    el('td', {}, el('input', { class: 'ref', value: key, ariaLabel: t('content.key') })),
    el('td', {}, el('input', { value, dir: 'auto', ariaLabel: t('content.value') })),
    el('td', {}, el('button', { type: 'button', onclick: () => row.remove() }, t('content.remove'))));
  return row;
}

function plainSection(section, rows) {
  const body = el('tbody', {}, ...rows.map(([k, v]) => plainRow(k, v)));
  const table = el('table', { class: 'plain' }, body);
  table.dataset.section = section;
  return el('div', {}, table,
    el('button', { type: 'button', onclick: () => body.append(plainRow('', '')) }, t('content.add_line')));
}

function renderItem(item) {
  ctx.item = item;
  const box = $('content-item');
  clear(box);
  box.hidden = false;
  const sections = new Map();        // section -> { plain: [[k, v]], texts: Map(field -> {lang: v}) }
  const texts = new Map();           // the [LANG] sections, side by side
  const of = (s) => sections.get(s) || sections.set(s, { plain: [], texts: new Map() }).get(s);
  for (const [section, key, value] of item.entries) {
    const lk = langKey(section, key);
    if (lk && lk.inLangSection) {
      if (!texts.has(lk.field)) texts.set(lk.field, {});
      texts.get(lk.field)[lk.lang] = value;
    } else if (lk) {
      const m = of(section).texts;
      if (!m.has(lk.field)) m.set(lk.field, {});
      m.get(lk.field)[lk.lang] = value;
    } else {
      of(section).plain.push([key, value]);
    }
  }
  const name = item.id ? `${t('content.kind.' + item.kind)}: ${item.id}` : t('content.kind.' + item.kind);
  box.append(el('h3', {}, name));
  const legend = (section) => el('legend', { class: 'ref' }, `[${section}] `,
    el('button', { type: 'button', class: 'link', onclick: (e) => e.target.closest('fieldset').remove() },
      t('content.remove_section')));
  for (const [section, s] of sections) {
    const fs = el('fieldset', {}, legend(section));
    if (s.plain.length || !s.texts.size) fs.append(plainSection(section, s.plain));
    if (s.texts.size) fs.append(grid(section, [...s.texts], false));
    box.append(fs);
  }
  if (texts.size || KINDS.includes(item.kind))
    box.append(el('fieldset', {}, el('legend', {}, t('content.texts')), grid('', [...texts], true)));
  const newSection = el('input', { placeholder: t('content.new_section'), pattern: '[a-z0-9_.\\-]{1,63}' });
  box.append(el('div', { class: 'filters' }, newSection, el('button', { type: 'button', onclick: () => {
    if (!newSection.checkValidity() || !newSection.value) return;
    const fs = el('fieldset', {}, legend(newSection.value), plainSection(newSection.value, []));
    newSection.closest('div').before(fs);
    newSection.value = '';
  } }, t('content.add_section'))));
  const actions = el('div', { class: 'actions' },
    el('button', { type: 'button', id: 'content-save', onclick: save }, t('content.save')));
  if (item.id) actions.append(el('button', { type: 'button', onclick: remove }, t('content.delete')));
  if (['services', 'activities'].includes(item.kind) && ctx.data.preview) {
    const pick = el('select', { id: 'preview-lang', ariaLabel: t('content.preview_lang') },
      ...langs().map((l) => el('option', { value: l.code }, l.endonym)));
    pick.value = isLang(currentLang()) ? currentLang() : ctx.data.default_language;
    actions.append(pick, el('button', { type: 'button', onclick: () => preview(pick.value) }, t('content.preview')));
  }
  box.append(actions, el('figure', { id: 'preview', hidden: true }));
}

// The entries as the page holds them now, in the order of the page.
function entries() {
  const out = [];
  for (const table of $('content-item').querySelectorAll('table')) {
    const section = table.dataset.section;
    if (table.classList.contains('plain')) {
      for (const row of table.tBodies[0].rows) {
        const [k, v] = row.querySelectorAll('input');
        if (k.value.trim()) out.push([section, k.value.trim(), v.value]);
      }
      continue;
    }
    const byLang = table.dataset.inLangSection === '1';
    for (const row of table.tBodies[0].rows)
      for (const a of row.querySelectorAll('textarea')) {
        if (!a.value.trim()) continue;
        const field = row.dataset.field;
        if (byLang) out.push([a.dataset.lang, field, a.value]);
        else out.push([section, field ? `${field}.${a.dataset.lang}` : a.dataset.lang, a.value]);
      }
  }
  return out;
}

const itemPath = (item) => `content/${item.kind}${item.id ? '/' + encodeURIComponent(item.id) : ''}`;

async function save() {
  try {
    await api(itemPath(ctx.item), { method: 'POST', body: { entries: entries() } });
    ctx.say(t('content.saved'));
    await renderList();
  } catch (e) { ctx.failed(e); }
}

async function remove() {
  if (!confirm(t('content.confirm_delete', { id: ctx.item.id }))) return;
  try {
    await api(`${itemPath(ctx.item)}/delete`, { method: 'POST', body: {} });
    $('content-item').hidden = true;
    ctx.say(t('content.deleted'));
    await renderList();
  } catch (e) { ctx.failed(e); }
}

async function preview(lang) {
  const fig = $('preview');
  clear(fig);
  fig.hidden = false;
  fig.append(el('figcaption', {}, t('content.drawing')));
  const q = new URLSearchParams({ kind: ctx.item.kind, id: ctx.item.id, lang });
  const r = await fetch(`/api/staff/content/preview?${q}`, { credentials: 'same-origin' });
  clear(fig);
  if (!r.ok) {
    const data = await r.json().catch(() => ({}));
    fig.append(el('figcaption', { class: 'bad' }, data.error || `HTTP ${r.status}`));
    for (const p of data.problems || []) fig.append(el('div', { class: 'ref' }, p));
    return;
  }
  const blob = await r.blob();
  const reader = new FileReader();
  reader.onload = () => fig.append(el('img', { src: reader.result, alt: t('content.preview') }),
    el('figcaption', {}, t('content.preview_of', { lang })));
  reader.readAsDataURL(blob);
}

async function open(kind, id) {
  try {
    renderItem(await api(`content/${kind}${id ? '/' + encodeURIComponent(id) : ''}`));
  } catch (e) { ctx.failed(e); }
}

function problems(list) {
  const box = $('content-problems');
  clear(box);
  for (const p of list || []) box.append(el('li', { class: 'ref' }, p));
}

async function check() {
  try {
    const r = await api('content/check', { method: 'POST', body: {} });
    problems(r.problems);
    ctx.say(r.ok ? t('content.check_ok') : t('content.check_bad'), !r.ok);
  } catch (e) { ctx.failed(e); }
}

async function publish(restoreFrom) {
  if (!confirm(restoreFrom ? t('content.confirm_restore', { v: restoreFrom }) : t('content.confirm_publish'))) return;
  try {
    const r = restoreFrom ? await api('content/restore', { method: 'POST', body: { version: restoreFrom } })
      : await api('content/publish', { method: 'POST', body: {} });
    problems(r.problems);
    ctx.say(t('content.published', { v: r.version }));
    await renderList();
  } catch (e) {
    if (e instanceof ApiError && e.data) problems(e.data.problems);
    ctx.failed(e);
  }
}

async function renderHistory() {
  const data = await api('content/history');
  const body = $('content-history').tBodies[0];
  clear(body);
  for (const v of data.versions) {
    const restore = v.restorable && v.version !== ctx.data.published_version
      ? el('button', { type: 'button', onclick: () => publish(v.version) }, t('content.restore')) : '';
    body.append(el('tr', {}, el('td', {}, v.version), el('td', {}, when(v.published_at, currentLang())),
      el('td', {}, v.by || 'welkomctl'), el('td', {}, v.restored_from ? t('content.restored', { v: v.restored_from }) : ''),
      el('td', {}, restore)));
  }
}

async function renderList() {
  ctx.data = await api('content');
  const list = $('content-list');
  clear(list);
  $('content-status').textContent = ctx.data.draft
    ? t('content.status', { draft: ctx.data.draft_version, published: ctx.data.published_version || '—' })
    : t('content.no_draft');
  $('content-publish').disabled = !ctx.data.draft || !ctx.data.publisher_key;
  $('content-publish').title = ctx.data.publisher_key ? '' : t('content.no_key');
  if (ctx.data.draft && !ctx.data.publisher_key) $('content-status').textContent += ` — ${t('content.no_key')}`;
  if (!ctx.data.draft) return renderHistory();
  const link = (kind, id, title) => el('li', {}, el('button', { type: 'button', class: 'link', dir: 'auto',
    onclick: () => open(kind, id) }, title || id));
  list.append(el('li', {}, el('strong', {}, t('content.kind.centre')), el('ul', {}, link('centre', '', t('content.kind.centre')),
    link('categories', '', t('content.kind.categories')))));
  for (const kind of KINDS) {
    const ul = el('ul', {}, ...ctx.data.items.filter((i) => i.kind === kind).map((i) => link(kind, i.id, `${i.title} (${i.id})`)));
    const id = el('input', { placeholder: t('content.new_id'), pattern: '[a-z0-9\\-]{1,64}', class: 'ref' });
    const add = el('button', { type: 'button', onclick: () => {
      if (!id.checkValidity() || !id.value) return;
      const def = ctx.data.default_language;
      renderItem({ kind, id: id.value, entries: [...TEMPLATES[kind], [def, 'title', ''], [def, 'summary', '']] });
    } }, t('content.new'));
    list.append(el('li', {}, el('strong', {}, t('content.kind.' + kind)), ul, el('div', { class: 'filters' }, id, add)));
  }
  await renderHistory();
}

export async function renderContent(say, failed) {
  ctx.say = say;
  ctx.failed = failed;
  if (!$('content-check').onclick) {
    $('content-check').onclick = check;
    $('content-publish').onclick = () => publish(0);
  }
  await renderList();
  // Shown again (another language of the page): the open item in it, as
  // it is being edited.
  if (ctx.item && !$('content-item').hidden) renderItem({ ...ctx.item, entries: entries() });
}
