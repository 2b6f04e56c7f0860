// Entry of embed.html: one demo alone, chosen by `#demo=<name>&...` (default mcmc).
// When framed, it reports its height to the parent so an <iframe> can fit its content.
import './styles.css';
import { McmcLab } from './demos/mcmc/lab.js';

const DEMOS = { mcmc: McmcLab };
const params = new URLSearchParams(location.hash.replace(/^#/, ''));
const name = params.get('demo') ?? 'mcmc';
const root = document.getElementById('embed-root');
const Demo = DEMOS[name];
if (Demo) {
  new Demo(root).start();
} else {
  root.textContent = `Unknown demo "${name}". Available: ${Object.keys(DEMOS).join(', ')}.`;
}

if (window.parent !== window) {
  new ResizeObserver(() => {
    window.parent.postMessage({ type: 'sampling-embed-height', height: document.documentElement.scrollHeight }, '*');
  }).observe(document.body);
}
