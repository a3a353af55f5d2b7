/** Make block: name the block and tick the inner parameters every instance can set. */
import { useId, useState } from 'react';
import { useStore } from '../store/createStore';
import { editor } from '../store/editorStore';
import { ui } from '../store/uiStore';
import { makeBlockStore, type MakeBlockPrompt } from './makeBlockStore';
import { revealAdded } from '../actions/edit';

export function MakeBlockDialog() {
  const prompt = useStore(makeBlockStore, (s) => s);
  return prompt ? <Body key={prompt.nodeIds.join(',')} prompt={prompt} /> : null;
}

function Body({ prompt }: { prompt: MakeBlockPrompt }) {
  const [name, setName] = useState(prompt.name);
  const [choices, setChoices] = useState(prompt.choices);
  const id = useId();
  const close = () => makeBlockStore.set(null);
  const submit = () => {
    try {
      const made = editor.makeBlock(prompt.nodeIds, name.trim(), choices.filter((c) => c.checked).map(({ node, param }) => ({ node, param })));
      close();
      if (made) revealAdded([made]);
    } catch (e) {
      ui.toast('error', (e as Error).message);
    }
  };
  return (
    <div className="wg-modal-backdrop" onMouseDown={close}>
      <div className="wg-modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} onMouseDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === 'Escape' && close()}>
        <h2 id={`${id}-title`}>Make block</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor={`${id}-name`} className="wg-field__name">
            Block name
          </label>
          <input id={`${id}-name`} className="wg-input" value={name} autoFocus onChange={(e) => setName(e.target.value)} spellCheck={false} />
          <fieldset className="wg-fieldset wg-makeblock__expose">
            <legend>Parameters every instance can set</legend>
            {choices.map((c, i) => (
              <label key={c.label} className="wg-field wg-field--check">
                <input type="checkbox" checked={c.checked} onChange={(e) => setChoices(choices.map((x, k) => (k === i ? { ...x, checked: e.target.checked } : x)))} />
                <span className="wg-mono">{c.label}</span>
              </label>
            ))}
          </fieldset>
          <p className="wg-muted">The wires that cross the selection become the block’s pins. Double-click the block to edit it; every instance follows.</p>
          <div className="wg-modal__actions">
            <button type="button" className="wg-btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="wg-btn wg-btn--primary" disabled={!name.trim()}>
              Make block
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
