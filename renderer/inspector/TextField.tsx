/** A labelled single-line text input with the shared field styling. */
import { useId } from 'react';
import { useFieldDraft } from './useFieldDraft';

interface Props {
  label: string;
  value: string;
  /** Stable DOM id, for callers that focus the field (double-click a node to rename it). */
  id?: string;
  placeholder?: string;
  disabled?: boolean;
  /** `session` changes on every focus (see editSession.ts). */
  onChange(value: string, session: number): void;
}

export function TextField({ label, value, placeholder, disabled, onChange, id: fixedId }: Props) {
  const generated = useId();
  const id = fixedId ?? generated;
  // Free text has no invalid drafts: it applies as you type.
  const { text, onFocus, onBlur, onChange: onDraft, onKeyDown } = useFieldDraft(value, onChange, undefined, { live: true });
  return (
    <div className="wg-field">
      <label htmlFor={id} className="wg-field__name">
        {label}
      </label>
      <input
        id={id}
        className="wg-input"
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        onChange={(e) => onDraft(e.target.value)}
      />
    </div>
  );
}
