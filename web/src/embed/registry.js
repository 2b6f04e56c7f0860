// Every lab an embed can show: name → loader of { Lab, schema, shared }. The element
// <sampling-NAME> and embed.html#demo=NAME both come from this table, and each loader
// is a dynamic import, so an embed loads only its own lab's code. A new lab is one line.
// `shared`: the lab's worker client class when several embeds may share one worker (its
// worker keeps no state between runs); null when each embed needs a worker of its own
// (the flow, Gibbs and CGMH workers hold a training or sampling session).
export const LABS = {
  tokenize: () => Promise.all([import('../demos/tokenize/lab.js'), import('../demos/tokenize/schema.js'), import('../demos/tokenize/worker-client.js')]).then(([l, s, c]) => ({ Lab: l.TokenizeLab, schema: s.SCHEMA, shared: c.TokenizeWorkerClient })),
  mcmc: () => Promise.all([import('../demos/mcmc/lab.js'), import('../demos/mcmc/schema.js'), import('../demos/mcmc/worker-client.js')]).then(([l, s, c]) => ({ Lab: l.McmcLab, schema: s.SCHEMA, shared: c.McmcWorkerClient })),
  flow: () => Promise.all([import('../demos/flow/lab.js'), import('../demos/flow/schema.js')]).then(([l, s]) => ({ Lab: l.FlowLab, schema: s.SCHEMA, shared: null })),
  gibbs: () => Promise.all([import('../demos/gibbs/lab.js'), import('../demos/gibbs/schema.js')]).then(([l, s]) => ({ Lab: l.GibbsLab, schema: s.SCHEMA, shared: null })),
  cgmh: () => Promise.all([import('../demos/cgmh/lab.js'), import('../demos/cgmh/schema.js')]).then(([l, s]) => ({ Lab: l.CgmhLab, schema: s.SCHEMA, shared: null })),
};

/** Loads lab `name`; rejects with a message listing the labs when there is none. */
export async function loadLab(name) {
  const load = Object.hasOwn(LABS, name) ? LABS[name] : null;
  if (!load) throw new Error(`Unknown demo "${name}". Available: ${Object.keys(LABS).join(', ')}.`);
  return load();
}
