// The search page: reads its state from the URL (?q=&page=&syntax=&mode=&article=&p=), asks the JSON
// API and renders. Only the API's snippet and paragraph `html` (escaped text plus <mark>) is
// inserted as HTML; everything else goes in as text.
'use strict';

const PAGE_SIZE = 10;
const MAX_WINDOW = 10000;
const DEBOUNCE_MS = 350;
const SHOWN_OTHERS = 12;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('search'), input: $('q'), syntax: $('syntax'), mode: $('mode'), status: $('status'),
  error: $('error'),
  welcome: $('welcome'), results: $('results'), hits: $('hits'), prev: $('prev'), next: $('next'),
  pageInfo: $('page-info'), article: $('article'), back: $('back'), title: $('article-title'),
  meta: $('article-meta'), paragraphs: $('paragraphs'), related: $('related'),
  relatedList: $('related-list'),
};

let generation = 0; // a newer render makes older answers stale
let composing = false; // an IME composition is under way: no search until it ends
let debounce = 0;
let shownArticle = ''; // the key of the article on screen, to move within it without reloading
const answers = new Map(); // recent API answers, reused when going back and forward
history.scrollRestoration = 'manual'; // results render late: their scroll position is kept in the state

// ---- URL state ----

function readState() {
  const p = new URLSearchParams(location.search);
  const page = Number.parseInt(p.get('page') || '1', 10);
  const paragraph = Number.parseInt(p.get('p') || '0', 10);
  return {
    q: p.get('q') || '',
    page: page > 0 ? page : 1,
    syntax: p.get('syntax') || 'simple',
    mode: p.get('mode') || 'keyword',
    article: p.get('article') || '',
    paragraph: paragraph > 0 ? paragraph : 0,
  };
}

function urlFor(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.syntax && s.syntax !== 'simple') p.set('syntax', s.syntax);
  if (s.mode && s.mode !== 'keyword') p.set('mode', s.mode);
  if (s.article) p.set('article', s.article);
  if (s.article && s.paragraph) p.set('p', String(s.paragraph));
  const query = p.toString();
  return query ? '?' + query : location.pathname;
}

function go(s, { replace = false, state = null } = {}) {
  const url = urlFor(s);
  const same = url === location.search || (url === location.pathname && !location.search);
  if (replace || same) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  render();
}

// ---- API ----

class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function api(path, params) {
  const url = path + '?' + new URLSearchParams(params);
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('network', 'Could not reach the search server. Check that it is running and try again.');
  }
  let body = null;
  if ((res.headers.get('content-type') || '').includes('json')) {
    try { body = await res.json(); } catch { body = null; }
  }
  if (res.ok && body) return body;
  if (body && typeof body.message === 'string') throw new ApiError(body.error || 'error', body.message);
  throw new ApiError('http', `The server answered ${res.status} ${res.statusText}`.trim() + ' without an explanation.');
}

/** The API's answer, from memory when going back or forward (a new search always asks). */
async function cachedApi(path, params, fromHistory) {
  const key = path + '?' + new URLSearchParams(params);
  if (fromHistory && answers.has(key)) return answers.get(key);
  const body = await api(path, params);
  answers.delete(key);
  answers.set(key, body);
  if (answers.size > 30) answers.delete(answers.keys().next().value);
  return body;
}

function apiParams(s) {
  const params = { q: s.q };
  if (s.syntax !== 'simple') params.syntax = s.syntax;
  if (s.mode !== 'keyword') {
    params.mode = s.mode;
    params.explain = 'true'; // which retriever found each hit
  }
  return params;
}

// ---- rendering ----

function show(view) {
  ui.welcome.hidden = view !== 'welcome';
  ui.results.hidden = view !== 'results';
  ui.article.hidden = view !== 'article';
}

function showError(err) {
  const headings = {
    invalid_query: 'This query could not be read',
    invalid_parameter: 'The search was refused',
    missing_parameter: 'The search was refused',
    not_found: 'Not found',
  };
  const h = document.createElement('strong');
  h.textContent = headings[err.code] || 'The search failed';
  const m = document.createElement('span');
  m.textContent = err.message;
  ui.error.replaceChildren(h, m);
  ui.error.hidden = false;
  ui.status.textContent = '';
  show('none');
}

function setLang(el, text) {
  if (CJK.test(text)) el.lang = 'zh-Hans';
}

/** Parses API HTML (escaped text and <mark>) inertly, in a template. */
function fragment(html) {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

function ms(took) {
  return took < 10 ? took.toFixed(1) + ' ms' : Math.round(took) + ' ms';
}

function link(text, s, extra) {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = urlFor(s);
  a.dataset.nav = JSON.stringify(s);
  if (extra) a.className = extra;
  return a;
}

async function render(fromHistory = false) {
  const s = readState();
  const gen = ++generation;
  clearTimeout(debounce);
  if (document.activeElement !== ui.input) ui.input.value = s.q;
  ui.syntax.value = s.syntax === 'lucene' ? 'lucene' : 'simple';
  ui.mode.value = ['hybrid', 'semantic'].includes(s.mode) ? s.mode : 'keyword';
  if (s.mode !== 'keyword') ui.mode.hidden = false; // a link with mode= shows the switch at once
  showHint();
  ui.error.hidden = true;

  if (!s.q.trim()) {
    document.title = 'Article search';
    ui.status.textContent = '';
    shownArticle = '';
    show('welcome');
    return;
  }
  if (s.article) return renderArticle(s, gen, fromHistory);
  return renderResults(s, gen, fromHistory);
}

async function renderResults(s, gen, fromHistory) {
  document.title = `${s.q} – Article search`;
  ui.results.setAttribute('aria-busy', 'true');
  let data;
  try {
    data = await cachedApi('/api/search', {
      ...apiParams(s), group: 'article', limit: PAGE_SIZE, offset: (s.page - 1) * PAGE_SIZE,
    }, fromHistory);
  } catch (err) {
    if (gen === generation) showError(err);
    return;
  } finally {
    if (gen === generation) ui.results.removeAttribute('aria-busy');
  }
  if (gen !== generation) return;
  shownArticle = '';

  const items = data.hits.map((hit) => resultItem(hit, s));
  ui.hits.replaceChildren(...items);
  const first = data.offset + 1;
  const last = data.offset + data.hits.length;
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const noun = data.total === 1 ? 'article' : 'articles';
  if (data.total === 0) {
    ui.status.textContent = `No articles match “${data.query}”. Try fewer or other words.`;
  } else if (data.hits.length === 0) {
    ui.status.replaceChildren(`Page ${s.page} is past the last page. `,
      link('Go to page 1', { ...s, page: 1 }));
  } else {
    ui.status.textContent = (data.total > PAGE_SIZE ? `${first}–${last} of ` : '')
      + `${data.total} ${noun} · ${ms(data.took_ms)}`;
  }
  if (data.did_you_mean) {
    const suggestion = link(data.did_you_mean, { ...s, q: data.did_you_mean, page: 1 }, 'did-you-mean');
    ui.status.append(document.createElement('br'), 'Did you mean ', suggestion, '?');
  }
  setPagerLink(ui.prev, s.page > 1 && data.hits.length > 0 ? { ...s, page: s.page - 1 } : null);
  // The API pages no deeper than offset + limit = 10,000.
  const hasNext = last < data.total && last + PAGE_SIZE <= MAX_WINDOW && data.hits.length > 0;
  setPagerLink(ui.next, hasNext ? { ...s, page: s.page + 1 } : null);
  ui.pageInfo.textContent = data.hits.length ? `Page ${s.page} of ${pages}` : '';
  ui.prev.parentElement.hidden = pages <= 1 || data.hits.length === 0;
  show('results');
  window.scrollTo(0, (history.state && history.state.scrollY) || 0);
}

function setPagerLink(a, s) {
  if (s) {
    a.href = urlFor(s);
    a.dataset.nav = JSON.stringify(s);
    a.removeAttribute('aria-disabled');
  } else {
    a.removeAttribute('href');
    delete a.dataset.nav;
    a.setAttribute('aria-disabled', 'true');
  }
}

function resultItem(hit, s) {
  const li = document.createElement('li');
  li.className = 'hit';
  const target = { ...s, article: hit.article_id, paragraph: hit.paragraph };

  const h2 = document.createElement('h2');
  const title = link(hit.title, target, 'hit-title');
  setLang(title, hit.title);
  h2.append(title);

  const snippet = document.createElement('p');
  snippet.className = 'snippet';
  setLang(snippet, hit.text);
  const frag = fragment(hit.snippet);
  const plain = frag.textContent.trim();
  const text = hit.text.trim();
  // The server marks the cuts it makes inside a passage with "…"; add one only where it did not.
  const cut = !text.endsWith(plain) && !/[.!?。！？…]$/.test(plain);
  snippet.append(text.startsWith(plain) || plain.startsWith('…') ? '' : '…', frag, cut ? '…' : '');

  const where = document.createElement('span');
  where.append(link(`¶ ${hit.paragraph}`, target, 'para-link'));
  const others = hit.other_paragraphs || [];
  if (others.length) {
    where.append(' · also in ');
    others.slice(0, SHOWN_OTHERS).forEach((n, i) => {
      if (i) where.append(', ');
      where.append(link(`¶ ${n}`, { ...target, paragraph: n }, 'para-link'));
    });
    if (others.length > SHOWN_OTHERS) where.append(` and ${others.length - SHOWN_OTHERS} more`);
  }
  const id = document.createElement('span');
  id.className = 'id';
  id.textContent = hit.article_id;
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.append(where, id);

  if (hit.found_by && hit.found_by.length === 1 && hit.found_by[0] === 'semantic') {
    // Found by its meaning alone: no word of the query is marked in it, and this says why.
    const badge = document.createElement('span');
    badge.className = 'by-meaning';
    badge.textContent = 'similar in meaning';
    where.prepend(badge, ' ');
  }
  li.append(h2, snippet, meta);
  return li;
}

async function renderArticle(s, gen, fromHistory) {
  const key = JSON.stringify([s.q, s.syntax, s.article]);
  ui.back.href = urlFor({ ...s, article: '', paragraph: 0 });
  if (key !== shownArticle) {
    ui.article.setAttribute('aria-busy', 'true');
    let data;
    try {
      // Marks are the query's words in any mode: the article view has no ranking to explain.
      data = await cachedApi('/api/highlight', { ...apiParams({ ...s, mode: 'keyword' }), article: s.article },
        fromHistory);
    } catch (err) {
      if (gen === generation) showError(err);
      return;
    } finally {
      if (gen === generation) ui.article.removeAttribute('aria-busy');
    }
    if (gen !== generation) return;
    fillArticle(data, s);
    shownArticle = key;
  }
  document.title = `${ui.title.textContent} – Article search`;
  ui.status.textContent = '';
  show('article');
  focusParagraph(s.paragraph);
  showRelated(s, gen);
}

/** Paragraphs of other articles like the opened hit (/api/related), under the article. */
async function showRelated(s, gen) {
  ui.related.hidden = true;
  ui.relatedList.replaceChildren();
  if (!s.paragraph) return;
  let data;
  try {
    data = await cachedApi('/api/related', { article: s.article, paragraph: s.paragraph, limit: 5 }, true);
  } catch {
    return; // related paragraphs are extra: the article itself is shown
  }
  if (gen !== generation || !data.other_articles.length) return;
  ui.relatedList.replaceChildren(...data.other_articles.map((p) => {
    const item = document.createElement('li');
    const to = link(`${p.title} · ¶ ${p.paragraph}`,
      { ...s, article: p.article_id, paragraph: p.paragraph }, 'related-link');
    setLang(to, p.title);
    const excerpt = document.createElement('p');
    excerpt.className = 'related-text';
    const chars = Array.from(p.text); // whole characters, never half an emoji
    excerpt.textContent = chars.length > 160 ? `${chars.slice(0, 160).join('')}…` : p.text;
    setLang(excerpt, p.text);
    item.append(to, excerpt);
    return item;
  }));
  ui.related.hidden = false;
}

function fillArticle(data, s) {
  ui.title.textContent = data.title;
  ui.title.removeAttribute('lang');
  setLang(ui.title, data.title);
  const matching = data.paragraphs.filter((p) => p.matches.length).map((p) => p.paragraph);
  const n = data.paragraphs.length;
  ui.meta.replaceChildren(`${n} paragraph${n === 1 ? '' : 's'}`);
  if (matching.length) {
    ui.meta.append(' · matches in ');
    matching.forEach((n, i) => {
      if (i) ui.meta.append(', ');
      ui.meta.append(link(`¶ ${n}`, { ...s, paragraph: n }, 'para-link'));
    });
  } else {
    ui.meta.append(' · no matches');
  }
  const ps = data.paragraphs.map((p) => {
    const el = document.createElement('p');
    el.className = 'para';
    el.id = `p-${p.paragraph}`;
    el.tabIndex = -1;
    setLang(el, p.text);
    const num = document.createElement('span');
    num.className = 'num';
    num.setAttribute('aria-hidden', 'true');
    num.textContent = p.paragraph;
    el.append(num, fragment(p.html));
    return el;
  });
  ui.paragraphs.replaceChildren(...ps);
}

function focusParagraph(n) {
  for (const el of ui.paragraphs.querySelectorAll('.is-hit')) el.classList.remove('is-hit');
  const el = n ? document.getElementById(`p-${n}`) : null;
  if (el) {
    el.classList.add('is-hit');
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  } else {
    window.scrollTo(0, 0);
  }
}

// ---- events ----

function search({ replace }) {
  const q = ui.input.value;
  if (!q.trim()) return;
  go({ q, page: 1, syntax: ui.syntax.value, mode: ui.mode.value, article: '', paragraph: 0 },
    { replace, state: replace ? { typed: true } : null });
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (composing) return;
  search({ replace: false });
});

ui.input.addEventListener('compositionstart', () => { composing = true; clearTimeout(debounce); });
ui.input.addEventListener('compositionend', () => { composing = false; schedule(); suggest(); });
ui.input.addEventListener('input', (e) => {
  if (composing || e.isComposing) return;
  schedule();
  suggest();
});

// Completions of the last two words typed (a word or a two-word phrase) from /api/suggest,
// offered by the browser's own list under the box; the words before them are kept.
const suggestions = $('suggestions');
let suggestTimer;
let suggestSeq = 0;

function suggest() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const words = ui.input.value.trimStart().split(/\s+/);
    const prefix = words.slice(-2).join(' ');
    const head = words.slice(0, -2).join(' ');
    const seq = ++suggestSeq;
    if (!prefix.trim() || ui.syntax.value !== 'simple') {
      suggestions.replaceChildren();
      return;
    }
    try {
      const response = await fetch(`/api/suggest?limit=8&q=${encodeURIComponent(prefix)}`);
      if (!response.ok || seq !== suggestSeq) return;
      const data = await response.json();
      suggestions.replaceChildren(...data.suggestions.map((s) => {
        const option = document.createElement('option');
        option.value = head ? `${head} ${s.text}` : s.text;
        return option;
      }));
    } catch {
      // Suggestions are a convenience: the search itself reports errors.
    }
  }, 120);
}

function schedule() {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    if (!ui.input.value.trim()) return;
    const now = readState();
    if (ui.input.value === now.q && ui.syntax.value === now.syntax && ui.mode.value === now.mode) return;
    // Typing refines the entry it started; only the first typed search adds to the history.
    search({ replace: Boolean(history.state && history.state.typed) });
  }, DEBOUNCE_MS);
}

function showHint() {
  for (const el of document.querySelectorAll('#hint [data-syntax]')) {
    el.hidden = el.dataset.syntax !== ui.syntax.value;
  }
}

ui.syntax.addEventListener('change', () => {
  showHint();
  if (ui.input.value.trim()) search({ replace: false });
});

ui.mode.addEventListener('change', () => {
  if (ui.input.value.trim()) search({ replace: false });
});

// The switch between words and meaning shows only where the server can search by meaning.
fetch('/api/health').then((r) => (r.ok ? r.json() : null)).then((health) => {
  if (health && health.modes && health.modes.includes('hybrid')) ui.mode.hidden = false;
}).catch(() => {});

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const target = JSON.parse(a.dataset.nav);
  const from = readState();
  if (from.article && target.article === from.article) {
    go(target, { replace: true, state: history.state }); // another paragraph of the same article
  } else if (!from.article && target.article) {
    history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
    go(target, { state: { fromResults: true } });
  } else {
    go(target);
  }
});

ui.back.addEventListener('click', (e) => {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (history.state && history.state.fromResults) history.back();
  else go({ ...readState(), article: '', paragraph: 0 });
});

document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === '/' && !typing) {
    e.preventDefault();
    ui.input.focus();
    ui.input.select();
  }
});

window.addEventListener('popstate', () => {
  ui.input.value = readState().q;
  render(true);
});

render();
