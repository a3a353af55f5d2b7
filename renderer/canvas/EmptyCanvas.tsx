/** What to do next on an empty canvas: an Input of a dataset's sample shape, a drag, a double-click, or a template. */
import { DATASET_KINDS } from '../../core/data/kinds/index';
import { newProject } from '../actions/files';
import { addLayer } from '../actions/edit';
import { inputPresets } from './inputPresets';

const PRESETS = inputPresets(DATASET_KINDS);

export function EmptyCanvas() {
  const presets = PRESETS;
  return (
    <div className="wg-empty" role="note">
      <div className="wg-empty__card">
        <h2>Start with an Input</h2>
        {presets.length ? (
          <div className="wg-empty__presets">
            {presets.map((p) => (
              <button key={p.label} type="button" className="wg-btn" title={`The samples of ${p.usedBy.join(', ')}`} onClick={() => addLayer('Input', { params: { shape: p.shape } })}>
                Input {p.label}
              </button>
            ))}
          </div>
        ) : null}
        <p>Or drag a layer here from the palette, or double-click the canvas to search one.</p>
        <p className="wg-muted">
          Or <button type="button" className="wg-link" onClick={newProject}>open a template</button> — an MNIST MLP trains in under a minute.
        </p>
      </div>
    </div>
  );
}
