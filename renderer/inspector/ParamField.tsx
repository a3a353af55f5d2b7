/**
 * One parameter editor. Validates on every keystroke and shows an invalid draft in red with
 * the reason; a valid draft is applied on Enter or when leaving the field (one undo step),
 * an invalid one never reaches the document and leaving restores the last valid value.
 */
import { useId } from 'react';
import type { ParamValue } from '../../core/graph/document';
import type { ParamSpec } from '../../core/layers/types';
import { formatParam, parseParam } from './paramParse';
import { nextEditSession } from './editSession';
import { useFieldDraft } from './useFieldDraft';

interface Props {
  spec: ParamSpec;
  value: ParamValue | undefined;
  /** Shown as placeholder: what "auto" or a null default resolves to. */
  resolved?: ParamValue;
  disabled?: boolean;
  /** `session` changes on every focus: edits within one focus of the field are one undo step. */
  onChange(value: ParamValue, session: number): void;
}


export function ParamField({ spec, value, resolved, disabled, onChange }: Props) {
  const id = useId();
  const shown = formatParam(spec.kind, value ?? spec.default);
  const { text, error, onFocus, onBlur, onChange: onDraft, onKeyDown } = useFieldDraft<ParamValue>(shown, onChange, (t) => parseParam(spec.kind, t, spec));

  if (spec.kind === 'bool') {
    return (
      <label className="wg-field wg-field--check" title={spec.doc}>
        <input type="checkbox" checked={Boolean(value ?? spec.default)} disabled={disabled} onChange={(e) => onChange(e.target.checked, nextEditSession())} aria-label={spec.name} />
        <span className="wg-field__name">{spec.name}</span>
      </label>
    );
  }

  if (spec.options) {
    return (
      <div className="wg-field">
        <div className="wg-field__head">
          <label htmlFor={id} className="wg-field__name" title={spec.doc}>
            {spec.name}
          </label>
        </div>
        <select id={id} className="wg-input" value={String(value ?? spec.default)} disabled={disabled} aria-describedby={`${id}-doc`} onChange={(e) => onChange(e.target.value, nextEditSession())}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <span id={`${id}-doc`} className="wg-field__doc">
          {spec.doc}
        </span>
      </div>
    );
  }

  // Show what "auto" (or a null default) currently resolves to, so the user sees the inferred value.
  const current = value ?? spec.default;
  const autoResolved =
    (current === 'auto' || current === null) && resolved !== undefined && resolved !== null && resolved !== 'auto' ? formatParam('shape', resolved) : null;
  const placeholder =
    resolved !== undefined && resolved !== null && resolved !== 'auto' ? `auto (${formatParam('shape', resolved)})` : spec.default === null ? (spec.nullText ?? '') : '';

  return (
    <div className={`wg-field${error ? ' is-invalid' : ''}`}>
      <div className="wg-field__head">
        <label htmlFor={id} className="wg-field__name" title={spec.doc}>
          {spec.name}
        </label>
        {/* Outside the label, so the field's accessible name stays exactly the parameter name. */}
        {autoResolved ? <span className="wg-field__resolved">auto → {autoResolved}</span> : null}
      </div>
      <input
        id={id}
        className="wg-input"
        value={text}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : `${id}-doc`}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        onChange={(e) => onDraft(e.target.value)}
      />
      {error ? (
        <span id={`${id}-err`} className="wg-field__error" role="alert">
          {error}
        </span>
      ) : (
        <span id={`${id}-doc`} className="wg-field__doc">
          {spec.doc}
        </span>
      )}
    </div>
  );
}
