// The tabs that switch the view under the grids: roles, a roving tabindex and the arrow keys
// (automatic activation). It draws the choice it is handed; choosing asks the lab.
import { h } from '../draw/dom.js';
import { VIEWS } from '../model/params.js';

const TAB_KEYS = { sizes: 'tabSizes', matrix: 'tabMatrix', overlap: 'tabOverlap', polyphase: 'tabPolyphase', image: 'tabImage', network: 'tabNetwork' };

export function viewTabs({ tr, uid, onSelect }) {
  const el = h('div', { role: 'tablist', class: 'tabs', 'aria-label': tr('viewsLabel') });
  const tabs = VIEWS.map((name) => h('button', {
    type: 'button', role: 'tab', id: `${uid}-tab-${name}`, 'aria-controls': `${uid}-panel-${name}`, 'data-tab': name, text: tr(TAB_KEYS[name]),
  }));
  el.append(...tabs);
  el.addEventListener('click', (e) => { const t = e.target.closest?.('[role="tab"]'); if (t) onSelect(t.dataset.tab); });
  el.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(e.target); if (i < 0) return;
    const n = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (n === undefined) return;
    e.preventDefault();
    const t = tabs[(n + tabs.length) % tabs.length];
    t.focus(); onSelect(t.dataset.tab);
  });
  let shown = null;
  /** The frame's view is the selected tab. */
  function update({ ui }) {
    if (ui.view === shown) return;
    shown = ui.view;
    for (const t of tabs) {
      const on = t.dataset.tab === shown;
      t.setAttribute('aria-selected', String(on)); t.tabIndex = on ? 0 : -1;
    }
  }
  return { el, update };
}

/** Whether a tab's data (model/view-data.js viewData) differs from what was drawn: any part not the same object. */
export const tabDataChanged = (a, b) => !a || !b || Object.keys(b).some((k) => a[k] !== b[k]);
