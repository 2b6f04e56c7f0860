// Entry of embed.html: one demo alone, chosen by `#demo=<name>&...` (see demos/nav.js:
// default tokenize; an old link with 2-D lab keys opens that lab).
// When framed, it reports its height to the parent so an <iframe> can fit its content.
import './styles.css';
import { TokenizeLab } from './demos/tokenize/lab.js';
import { McmcLab } from './demos/mcmc/lab.js';
import { FlowLab } from './demos/flow/lab.js';
import { GibbsLab } from './demos/gibbs/lab.js';
import { demoFromHash } from './demos/nav.js';

const DEMOS = { tokenize: TokenizeLab, mcmc: McmcLab, flow: FlowLab, gibbs: GibbsLab };
const name = demoFromHash(location.hash);
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
