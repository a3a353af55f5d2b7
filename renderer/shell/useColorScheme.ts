/**
 * The colour scheme in effect: the user's choice (settings: system, light, dark) or, for
 * "system", the system's, live. Applied as `data-theme` on <html>, which theme.css reads;
 * charts re-read their colours when it changes.
 */
import { useSyncExternalStore } from 'react';
import { settingsStore } from '../store/settings';

export type Scheme = 'light' | 'dark';

const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export function effectiveScheme(): Scheme {
  const t = settingsStore.get().theme;
  if (t !== 'system') return t;
  return query?.matches ? 'dark' : 'light';
}

function subscribe(cb: () => void): () => void {
  query?.addEventListener('change', cb);
  const off = settingsStore.subscribe(cb);
  return () => {
    query?.removeEventListener('change', cb);
    off();
  };
}

export function useColorScheme(): Scheme {
  return useSyncExternalStore(subscribe, effectiveScheme);
}

/** Keeps <html data-theme> in step with the scheme; call once before the first render. */
export function applyColorScheme(): () => void {
  const apply = () => {
    document.documentElement.dataset.theme = effectiveScheme();
  };
  apply();
  return subscribe(apply);
}
