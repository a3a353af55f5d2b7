/**
 * Preferences of this user on this machine (theme, layout direction): UI state, kept in
 * localStorage, never in a project file, so opening someone's project does not flip them.
 */
import { createStore } from './createStore';
import type { Direction } from './insertion';

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface Settings {
  theme: ThemeSetting;
  /** Auto-layout and new-layer placement: data flows left to right, or top to bottom. */
  layoutDirection: Direction;
}

const KEY = 'wiregrad.settings';
const DEFAULTS: Settings = { theme: 'system', layoutDirection: 'LR' };

function load(): Settings {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
    const v = raw ? (JSON.parse(raw) as Partial<Settings>) : {};
    return {
      theme: v.theme === 'light' || v.theme === 'dark' ? v.theme : 'system',
      layoutDirection: v.layoutDirection === 'TB' ? 'TB' : 'LR',
    };
  } catch {
    return DEFAULTS;
  }
}

export const settingsStore = createStore<Settings>(load());

export function updateSettings(patch: Partial<Settings>): void {
  settingsStore.set((s) => ({ ...s, ...patch }));
  try {
    localStorage.setItem(KEY, JSON.stringify(settingsStore.get()));
  } catch {
    // Private windows and full quotas: the setting still holds for this session.
  }
}
