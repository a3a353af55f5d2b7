/** A numeric setting, validated as you type; a valid value applies on Enter or when leaving the field. */
import { useId } from 'react';
import { useFieldDraft } from '../inspector/useFieldDraft';
import type { Parsed } from '../inspector/draft';
import { parseParam } from '../inspector/paramParse';

interface Props {
  label: string;
  value: number;
  integer?: boolean;
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
  hint?: string;
  /** `session` changes on every focus (see editSession.ts). */
  onChange(value: number, session: number): void;
}

export function NumberField({ label, value, integer, min, max, step, disabled, hint, onChange }: Props) {
  const id = useId();
  // Integers are digits only, as in the inspector: "2.5" and "1e3" are errors, not 2 or 1000.
  const parse = (t: string): Parsed<number> => {
    const r = parseParam(integer ? 'int' : 'float', t, { name: label, min });
    if (!r.ok) return r;
    const v = r.value as number;
    if (max !== undefined && v > max) return { ok: false, error: `${label} must be at most ${max}` };
    return { ok: true, value: v };
  };
  const { text, error, onFocus, onBlur, onChange: onDraft, onKeyDown } = useFieldDraft(String(value), onChange, parse);

  return (
    <div className={`wg-field${error ? ' is-invalid' : ''}`}>
      <label htmlFor={id} className="wg-field__name">
        {label}
      </label>
      <input
        id={id}
        className="wg-input"
        inputMode={integer ? 'numeric' : 'decimal'}
        value={text}
        disabled={disabled}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        step={step}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        onChange={(e) => onDraft(e.target.value)}
      />
      {error ? (
        <span id={`${id}-err`} className="wg-field__error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span className="wg-field__doc">{hint}</span>
      ) : null}
    </div>
  );
}
