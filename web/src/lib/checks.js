// Checks shared by the labs' validate.js: a problem is an i18n key with parameters,
// shown next to the control it concerns.

/** A problem with one control: i18n key + parameters for the message. */
export function problem(key, params = {}) {
  return { key, params };
}

/** An integer in [min, max], or the problem with it. */
export function checkInteger(v, min, max) {
  if (v === null) return problem('err.required');
  if (Number.isNaN(v)) return problem('err.notNumber');
  if (!Number.isFinite(v)) return problem('err.notFinite');
  if (!Number.isInteger(v)) return problem('err.notInteger');
  if (v < min) return problem('err.min', { min });
  if (v > max) return problem('err.max', { max: max.toLocaleString('en-US') });
  return null;
}
