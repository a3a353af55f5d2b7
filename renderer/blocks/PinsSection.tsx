/**
 * Inside an open block, nothing selected: the block's signature (issue #8). Each pin's name
 * (renaming carries the wires at every instance along), the shape through it, a remove
 * button; new pins from the inner inputs nothing feeds yet and the inner outputs. Each edit
 * is one undo step inside the block; closing it is one step of the graph around it.
 */
import { useState } from 'react';
import type { BlockDef, ProjectDocument } from '../../core/graph/document';
import type { CheckResult } from '../../core/check/types';
import { freshPinName, pinCandidates, pinNameProblem, PIN_SIDE_WORD, type PinSide } from '../../core/blocks/pins';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { openBlockDef, rootDocument } from '../store/editor';
import { checkFor } from '../store/derived';
import { pinInputShape, pinNames, pinShapeText } from '../canvas/pins';
import { useFieldDraft } from '../inspector/useFieldDraft';

/** The name field of a pin: double-clicking the pin on the canvas focuses it. */
export const pinFieldId = (side: PinSide, name: string) => `wg-pin-name-${side}-${name}`;

/** Puts the caret in a pin's name field once the inspector shows it (the next frame). */
export function focusPinField(side: PinSide, name: string): void {
  requestAnimationFrame(() => (document.getElementById(pinFieldId(side, name)) as HTMLInputElement | null)?.select());
}

/** A refused edit's message, or null (editor.renamePin & co. return these). */
type Report = (problem: string | null) => void;

export function PinsSection({ doc, check, locked }: { doc: ProjectDocument; check: CheckResult; locked: boolean }) {
  const scope = useStore(editorStore, (s) => s.scope);
  const [problem, setProblem] = useState<string | null>(null);
  const open = openBlockDef({ doc, scope });
  if (!open) return null;
  const { def } = open;
  const root = checkFor(rootDocument(editorStore.get()));
  const shape = (side: PinSide, name: string) => pinShapeText(def, side, name, check, (n) => pinInputShape(root, scope, def, n));
  const side = (s: PinSide, names: string[]) => (
    <fieldset className="wg-fieldset wg-pins__side" aria-label={`${open.name} ${PIN_SIDE_WORD[s]} pins`}>
      <legend>{s === 'in' ? 'Inputs' : 'Outputs'}</legend>
      {names.map((name) => (
        <PinRow key={name} def={def} side={s} name={name} shape={shape(s, name)} report={setProblem} />
      ))}
      <AddPin def={def} side={s} blocks={doc.blocks} report={setProblem} />
    </fieldset>
  );
  return (
    <section className="wg-pins" aria-label={`${open.name} pins`}>
      <h2>{open.name} pins</h2>
      {/* disabled on a wrapping fieldset reaches every field and button inside: read-only while training. */}
      <fieldset className="wg-fieldset" disabled={locked}>
        {side('in', pinNames(def.inputs))}
        {side('out', pinNames(def.outputs))}
      </fieldset>
      {problem ? (
        <p className="wg-note is-error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

function PinRow({ def, side, name, shape, report }: { def: BlockDef; side: PinSide; name: string; shape: string; report: Report }) {
  const word = PIN_SIDE_WORD[side];
  const id = pinFieldId(side, name);
  // An invalid name shows its problem as you type and never reaches the document (draft.ts).
  const { text, error, onFocus, onBlur, onChange, onKeyDown } = useFieldDraft<string>(
    name,
    (to) => report(editor.renamePin(side, name, to)),
    (t) => {
      const problem = pinNameProblem(def, side, t, name);
      return problem ? { ok: false, error: problem } : { ok: true, value: t };
    },
  );
  return (
    <div className={`wg-field wg-pins__row${error ? ' is-invalid' : ''}`}>
      <div className="wg-pins__line">
        <input
          id={id}
          className="wg-input"
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-label={`Name of ${word} pin ${name}`}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-err` : undefined}
          onFocus={onFocus}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="wg-pins__shape" title="Per-sample shape through the pin">
          {shape}
        </span>
        <button type="button" className="wg-icon-btn" aria-label={`Remove ${word} pin ${name}`} title={`Remove ${word} pin ${name}; wires to it at every instance go too`} onClick={() => report(editor.removePin(side, name))}>
          <svg viewBox="0 0 16 16" aria-hidden>
            <path d="M4 4l8 8M12 4l-8 8" fill="none" />
          </svg>
        </button>
      </div>
      {error ? (
        <span id={`${id}-err`} className="wg-field__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function AddPin({ def, side, blocks, report }: { def: BlockDef; side: PinSide; blocks: ProjectDocument['blocks']; report: Report }) {
  const word = PIN_SIDE_WORD[side];
  const options = pinCandidates(def, side, blocks).map((p) => ({ ...p, key: JSON.stringify([p.node, p.port]) }));
  const [choice, setChoice] = useState('');
  const pick = options.find((o) => o.key === choice) ?? options[0];
  const add = () => {
    const name = freshPinName(def, side);
    const problem = editor.addPin(side, name, pick!.node, pick!.port);
    report(problem);
    if (!problem) focusPinField(side, name);
  };
  return (
    <div className="wg-pins__add">
      <select className="wg-input" aria-label={`Inner ${word} for a new ${word} pin`} value={pick?.key ?? ''} disabled={!pick} onChange={(e) => setChoice(e.target.value)}>
        {options.length ? (
          options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.node} · {o.port}
            </option>
          ))
        ) : (
          <option value="">{side === 'in' ? 'All inputs are fed' : 'All outputs are pins'}</option>
        )}
      </select>
      {/* A short visible label leaves the select room for node · port; the accessible name says it all. */}
      <button type="button" className="wg-btn wg-btn--small" aria-label={`Add ${word} pin`} title={`Add ${word} pin for the chosen inner ${word}`} disabled={!pick} onClick={add}>
        + Add
      </button>
    </div>
  );
}
