// embed.js, at the site's root: the one script a blog post includes
// (<script type="module" src="https://…/embed.js">). It defines the <sampling-*>
// elements and sizes the post's embed.html iframes to their content. Files the labs
// fetch (models, weights) are found next to this script, whatever page includes it.
import { defineElements } from './elements.js';
import { sizeFrames } from './host.js';
import { setSiteBase } from './site-base.js';

// Built, this module is embed.js at the site's root; in development it is src/embed/index.js.
setSiteBase(new URL(import.meta.env.DEV ? '../../' : './', import.meta.url).href);
defineElements();
sizeFrames();
