// The full demo page: one lab in the page's own DOM, its state mirrored in the URL (text-state.js),
// the page's own text (title, footer) from the string table in the lab's language.
import { createLab } from './lab.js';
import { queryOf } from './text-state.js';
import { makeT } from '../i18n/strings.js';

const mount = document.getElementById('convt-lab-root');
const query = new URLSearchParams(location.search);
let shownLang = null;

function pageText(lang) {
  if (lang === shownLang) return;
  shownLang = lang;
  const tr = makeT(lang);
  document.documentElement.lang = lang;
  document.title = tr('pageTitle');
  const title = document.getElementById('page-title');
  const footer = document.getElementById('page-footer');
  if (title) title.textContent = tr('pageTitle');
  if (footer) footer.textContent = tr('pageFooter');
}

// The link: the state, written into the URL. A network's code makes a link of kilobytes, which
// Chromium takes about 10 ms to store (a key typed in a 30-layer model cost 15 ms of main thread with
// it, 5 without), so a link with a network's code is written once typing pauses, and at the latest
// when the page is left; any other at once.
const LONG_LINK = 1024;
const LINK_PAUSE_MS = 300;
let pendingLink = null;
let linkTimer = 0;
function writeLink(link) {
  try { history.replaceState(null, '', link); } catch { /* some file:// setups refuse; the state still works */ }
}
function flushLink() {
  clearTimeout(linkTimer);
  if (pendingLink != null) writeLink(pendingLink);
  pendingLink = null;
}
addEventListener('pagehide', flushLink);

const lab = createLab(mount, {
  get: (name) => query.get(name),
  onState(report) {
    pageText(report.ui.lang);
    document.body.classList.toggle('compact', report.ui.compact && !report.ui.present);
    document.body.classList.toggle('present', report.ui.present);
    const link = `${queryOf(report)}${location.hash}`;
    clearTimeout(linkTimer);
    pendingLink = null;
    if (!report.ui.net || link.length <= LONG_LINK) { writeLink(link); return; }
    pendingLink = link;
    linkTimer = setTimeout(flushLink, LINK_PAUSE_MS);
  },
});
pageText(lab.lang);
lab.attach();

// In an <iframe>, tell the parent page how tall the content is, so it can size the frame
// (docs/page.md, "Embed with an iframe"). The message carries only a number.
// In a frame the lab takes the frame's whole width (index.html's .framed rules), as an element in
// the same column would.
if (window.parent !== window) document.documentElement.classList.add('framed');
if (window.parent !== window && typeof ResizeObserver === 'function') {
  let last = 0;
  new ResizeObserver(() => {
    // the content's height: the document's scrollHeight is never less than the frame's, so a
    // frame sized by it could grow but never shrink back
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) { last = height; window.parent.postMessage({ type: 'convt-lab:height', height }, '*'); }
  }).observe(document.body);
}
