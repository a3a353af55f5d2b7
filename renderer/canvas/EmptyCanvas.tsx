/** What to do next on an empty canvas. */
import { newProject } from '../actions/files';

export function EmptyCanvas() {
  return (
    <div className="wg-empty" role="note">
      <div className="wg-empty__card">
        <h2>Start with an Input</h2>
        <p>Drag a layer here from the palette, or double-click it to add it at the centre.</p>
        <p className="wg-muted">
          Or <button type="button" className="wg-link" onClick={newProject}>open a template</button> — an MNIST MLP trains in under a minute.
        </p>
      </div>
    </div>
  );
}
