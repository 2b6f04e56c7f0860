// The host page's side of embed.html iframes: each of our frames posts its content
// height ({ type: 'sampling-embed-height', height }); the frame that sent it is resized
// to fit, growing and shrinking. Frames that posted before this script ran are asked
// to measure again. A frame of ours is an <iframe> whose src ends in embed.html.
const MAX_HEIGHT = 20000;

function ours(iframe) {
  try {
    return new URL(iframe.src, document.baseURI).pathname.endsWith('/embed.html');
  } catch {
    return false;
  }
}

export function sizeFrames() {
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'sampling-embed-height' || !Number.isFinite(data.height)) return;
    for (const iframe of document.querySelectorAll('iframe')) {
      if (iframe.contentWindow !== event.source || !ours(iframe)) continue;
      if (new URL(iframe.src, document.baseURI).origin !== event.origin) continue;
      iframe.style.height = `${Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(data.height)))}px`;
      iframe.dataset.sized = 'true';
    }
  });
  const ask = () => {
    for (const iframe of document.querySelectorAll('iframe')) {
      if (ours(iframe)) iframe.contentWindow?.postMessage({ type: 'sampling-embed-measure' }, '*');
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ask, { once: true });
  else ask();
}
