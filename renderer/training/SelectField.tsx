/** A labelled select over a list of string options (schedule enums, monitored metrics). */
import { useId } from 'react';

export function SelectField<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly T[]; onChange(v: T): void }) {
  const id = useId();
  return (
    <div className="wg-field">
      <label htmlFor={id} className="wg-field__name">
        {label}
      </label>
      <select id={id} className="wg-input" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}
