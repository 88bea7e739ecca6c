// The full demo page: one lab in the page's own DOM, its state mirrored in the URL.
import { createLab } from './lab.js';
import { toQuery } from './params.js';

const mount = document.getElementById('convt-lab-root');
const query = new URLSearchParams(location.search);
const lab = createLab(mount, {
  get: (name) => query.get(name),
  onState(params) {
    const url = `?${toQuery(params)}${location.hash}`;
    try { history.replaceState(null, '', url); } catch { /* some file:// setups refuse; the state still works */ }
  },
});
lab.attach();
