// Wiring every lab repeats: text inputs that update the state as one types and commit on
// change or Enter, and the language toggle that flips `lang` in the hash.
import { language, setLanguage } from './i18n.js';

/** input → onInput(name, value); change or Enter → onCommit() (Enter after onInput). */
export function bindTextControls(refs, names, onInput, onCommit) {
  for (const name of names) {
    const input = refs[name];
    input.addEventListener('input', () => onInput(name, input.value));
    input.addEventListener('change', () => onCommit());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        onInput(name, input.value);
        onCommit();
      }
    });
  }
}

/** The toggle switches between English and 中文, keeps `lang` in the state, then onChange(). */
export function bindLanguageToggle(button, state, onChange) {
  button.addEventListener('click', () => {
    state.setExtra('lang', language() === 'zh' ? 'en' : 'zh');
    setLanguage(state.getExtra('lang'));
    onChange();
  });
}
