// The step control: Prev, Play / Pause, Next and the speed, walking the kernel over the output.
import { h } from '../draw/dom.js';

/**
 * Step control: walks the kernel over the output cells, one per tick while playing. Playing is
 * state the lab keeps (it survives a language switch); this control shows it and asks for changes.
 * Pauses when the grids are off-screen or the tab is hidden.
 */
export function viewStepper({ onStep, onPlay, onSpeed, tr }) {
  const prev = h('button', { type: 'button', class: 'step-prev', 'aria-label': tr('prevLabel') }, h('span', { class: 'icon icon-prev', 'aria-hidden': 'true' }), tr('prev'));
  const play = h('button', { type: 'button', class: 'step-play', 'aria-pressed': 'false' }, h('span', { class: 'icon icon-play', 'aria-hidden': 'true' }), h('span', { class: 'play-text', text: tr('play') }));
  const next = h('button', { type: 'button', class: 'step-next', 'aria-label': tr('nextLabel') }, tr('next'), h('span', { class: 'icon icon-next', 'aria-hidden': 'true' }));
  const speedId = `speed${Math.random().toString(36).slice(2, 8)}`;
  const speed = h('select', { id: speedId, class: 'speed' },
    [['1600', 'slow'], ['800', 'normal'], ['350', 'fast'], ['120', 'veryFast']].map(([v, t]) => h('option', { value: v, text: tr(t) })));
  const status = h('span', { class: 'step-status', 'aria-live': 'off' });
  const el = h('div', { class: 'stepper', 'data-anim': 'stopped' }, prev, play, next, h('label', { for: speedId, text: tr('speed') }), speed, status);
  let count = 1, index = 0, playing = false, visible = true, timer = null, attached = false;

  const running = () => playing && visible && attached && !document.hidden;
  function schedule() {
    clearInterval(timer); timer = null;
    el.dataset.anim = !playing ? 'stopped' : !visible ? 'paused-offscreen' : document.hidden ? 'paused-hidden' : 'running';
    if (running()) timer = setInterval(() => onStep(index + 1 >= count ? 0 : index + 1, 'play'), Number(speed.value));
  }
  prev.addEventListener('click', () => { onPlay(false); onStep((index - 1 + count) % count, 'step'); });
  next.addEventListener('click', () => { onPlay(false); onStep((index + 1) % count, 'step'); });
  play.addEventListener('click', () => onPlay(!playing));
  speed.addEventListener('change', () => { onSpeed(speed.value); schedule(); });
  const onVis = () => schedule();

  return {
    el,
    /** A frame's steps: step `index` of `count` (cols: the output's width, for the status) and whether Play is on. */
    update({ steps }) {
      if (!steps) return;
      const { count: n, index: i, cols, playing: isPlaying, speedMs } = steps;
      count = Math.max(1, n); index = Math.min(i, count - 1);
      el.dataset.step = String(index);
      status.textContent = tr('stepStatus', index + 1, count, Math.floor(index / cols), index % cols);
      if (speedMs && speed.value !== String(speedMs)) speed.value = String(speedMs);
      if (isPlaying !== playing) {
        playing = isPlaying;
        play.querySelector('.play-text').textContent = playing ? tr('pause') : tr('play');
        play.querySelector('.icon').className = `icon ${playing ? 'icon-pause' : 'icon-play'}`;
        play.setAttribute('aria-pressed', String(playing));
      }
      schedule();
    },
    get running() { return running(); },
    setVisible(v) { visible = v; schedule(); },
    attach() { attached = true; document.addEventListener('visibilitychange', onVis); schedule(); },
    detach() { attached = false; document.removeEventListener('visibilitychange', onVis); clearInterval(timer); timer = null; schedule(); },
  };
}
