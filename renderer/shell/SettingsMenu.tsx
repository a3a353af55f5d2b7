/** View settings: theme (system, light, dark) and the direction auto-layout and new layers follow. */
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/createStore';
import { settingsStore, updateSettings, type Settings } from '../store/settings';

interface Choice<K extends keyof Settings> {
  key: K;
  title: string;
  options: { value: Settings[K]; label: string }[];
}

const THEME: Choice<'theme'> = {
  key: 'theme',
  title: 'Theme',
  options: [
    { value: 'system', label: 'System' },
    { value: 'light', label: 'Light' },
    { value: 'dark', label: 'Dark' },
  ],
};
const DIRECTION: Choice<'layoutDirection'> = {
  key: 'layoutDirection',
  title: 'Layout direction',
  options: [
    { value: 'LR', label: 'Left to right' },
    { value: 'TB', label: 'Top to bottom' },
  ],
};

function Segmented<K extends keyof Settings>({ choice }: { choice: Choice<K> }) {
  const value = useStore(settingsStore, (s) => s[choice.key]);
  return (
    <fieldset className="wg-segmented">
      <legend>{choice.title}</legend>
      <div role="radiogroup" aria-label={choice.title}>
        {choice.options.map((o) => (
          <button
            key={String(o.value)}
            type="button"
            role="radio"
            aria-checked={value === o.value}
            className={value === o.value ? 'is-on' : ''}
            onClick={() => updateSettings({ [choice.key]: o.value } as Partial<Settings>)}
          >
            {o.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export function SettingsMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  return (
    <div className="wg-viewsettings" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" className="wg-icon-btn" aria-label="View settings" aria-expanded={open} title="View settings: theme, layout direction" onClick={() => setOpen((o) => !o)}>
        <svg viewBox="0 0 16 16" aria-hidden>
          <circle cx="8" cy="8" r="2.2" fill="none" />
          <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" fill="none" />
        </svg>
      </button>
      {open ? (
        <div className="wg-viewsettings__panel" role="group" aria-label="View settings">
          <Segmented choice={THEME} />
          <Segmented choice={DIRECTION} />
          <p className="wg-muted">Direction applies to auto-layout (L) and to where new layers go.</p>
        </div>
      ) : null}
    </div>
  );
}
