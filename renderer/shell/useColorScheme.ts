/** The system colour scheme, live: the app follows it (and charts re-read their colours). */
import { useSyncExternalStore } from 'react';

const query = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (cb) => {
      query?.addEventListener('change', cb);
      return () => query?.removeEventListener('change', cb);
    },
    () => (query?.matches ? 'dark' : 'light'),
  );
}
