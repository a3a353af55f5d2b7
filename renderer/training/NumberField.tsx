/** A numeric setting with validation as you type; valid values apply at once. */
import { useId } from 'react';
import { useFieldDraft } from '../inspector/useFieldDraft';

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
  const { text, setText, error, setError, session, onFocus, onBlur } = useFieldDraft(String(value));

  const validate = (t: string): string | null => {
    if (t.trim() === '' || !Number.isFinite(Number(t))) return `${label} must be a number`;
    const v = Number(t);
    if (integer && !Number.isInteger(v)) return `${label} must be a whole number`;
    if (min !== undefined && v < min) return `${label} must be at least ${min}`;
    if (max !== undefined && v > max) return `${label} must be at most ${max}`;
    return null;
  };

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
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        onChange={(e) => {
          setText(e.target.value);
          const err = validate(e.target.value);
          setError(err);
          if (!err) onChange(Number(e.target.value), session.current);
        }}
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
