/** Modal path prompt (web mode has no native file dialogs). */
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from '../store/createStore';
import { dialogStore, type PathPrompt } from '../actions/dialog';
import { sessionStore } from '../actions/session';

export function PathDialog() {
  const prompt = useStore(dialogStore, (s) => s);
  // A fresh body per prompt, so the field starts with the prompt's path in its first render:
  // setting it from an effect let text typed right after the dialog appeared be overwritten.
  return prompt ? <PathDialogBody key={prompt.id} prompt={prompt} /> : null;
}

function PathDialogBody({ prompt }: { prompt: PathPrompt }) {
  const recent = useStore(sessionStore, (s) => s.recent);
  const [path, setPath] = useState(prompt.initial);
  const [choice, setChoice] = useState(prompt.choice?.initial);
  // A new choice swaps the path's ending for its own (mlp.onnx -> mlp.py), unless the user typed another.
  const choose = (value: string) => {
    const ext = (v: string | undefined) => prompt.choice?.options.find((o) => o.value === v)?.extension;
    const from = ext(choice);
    const to = ext(value);
    if (from && to && path.endsWith(from)) setPath(path.slice(0, -from.length) + to);
    setChoice(value);
  };
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const isOpen = prompt.action === 'Open';
  return (
    <div className="wg-modal-backdrop" onMouseDown={() => prompt.resolve(null)}>
      <div
        className="wg-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && prompt.resolve(null)}
      >
        <h2 id={`${id}-title`}>{prompt.title}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            prompt.resolve(path, choice);
          }}
        >
          {prompt.choice ? (
            <>
              <label htmlFor={`${id}-choice`} className="wg-field__name">
                {prompt.choice.label}
              </label>
              <select id={`${id}-choice`} className="wg-input" value={choice} onChange={(e) => choose(e.target.value)}>
                {prompt.choice.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <label htmlFor={`${id}-path`} className="wg-field__name">
            File path
          </label>
          <input id={`${id}-path`} ref={input} className="wg-input" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
          {prompt.hint ? <p className="wg-muted">{prompt.hint}</p> : null}
          {isOpen && recent.length ? (
            <ul className="wg-modal__recent" aria-label="Recent files">
              {recent.slice(0, 6).map((r) => (
                <li key={r.path}>
                  <button type="button" className="wg-link" onClick={() => setPath(r.path)}>
                    {r.path}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="wg-modal__actions">
            <button type="button" className="wg-btn" onClick={() => prompt.resolve(null)}>
              Cancel
            </button>
            {prompt.secondary ? (
              <button type="button" className="wg-btn" onClick={() => prompt.secondary!.choose(choice)}>
                {prompt.secondary.label}
              </button>
            ) : null}
            <button type="submit" className="wg-btn wg-btn--primary" disabled={!path.trim()}>
              {prompt.action}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
