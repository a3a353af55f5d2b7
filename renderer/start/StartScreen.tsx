/** Start screen: templates (each with a drawing of its graph), an empty canvas, recent files, recovery. */
import { emptyDocument, type ProjectDocument } from '../../core/graph/document';
import { settingsStore } from '../store/settings';
import { useStore } from '../store/createStore';
import { sessionStore } from '../actions/session';
import { openDocument, openPath, open, withLayout } from '../actions/files';
import { editorStore } from '../store/editorStore';
import { ui } from '../store/uiStore';
import { getApi } from '../api';
import { GraphThumbnail } from './GraphThumbnail';

/**
 * Templates are stored laid out left to right by the same auto-layout as L (test/renderer/templates.test.ts);
 * a user who lays out top to bottom gets them that way.
 */
async function openTemplate(doc: ProjectDocument): Promise<void> {
  openDocument(settingsStore.get().layoutDirection === 'LR' ? doc : await withLayout(doc), null);
}

const BLURBS: Record<string, string> = {
  'mnist-mlp': 'Fully connected layers on 28×28 handwritten digits: the first model of every course.',
  'mnist-lenet': 'LeCun’s classic: two convolutions with pooling, then three Linear layers.',
  'cifar-convnet': 'Three conv blocks on 32×32 colour images, the course ConvNet.',
  'cifar-convnet-blocks': 'The course ConvNet built from a reusable CustomLayer block (Conv2d + ReLU, section 8.1).',
  'cifar-resnet8': 'Residual network: ResidualBlock and strided DownBlocks with BatchNorm, global average pooling.',
};

export function StartScreen() {
  const templates = useStore(sessionStore, (s) => s.templates);
  const recent = useStore(sessionStore, (s) => s.recent);
  const recovered = useStore(sessionStore, (s) => s.recovered);
  const hasDoc = useStore(editorStore, (s) => s.doc.nodes.length > 0 || s.history.past.length > 0);

  return (
    <main className="wg-start" aria-label="Start">
      <div className="wg-start__inner">
        <header className="wg-start__head">
          <h1>Wiregrad</h1>
          <p className="wg-muted">Draw a network, see its shapes, train it, export it to ONNX.</p>
          {hasDoc ? (
            <button type="button" className="wg-btn" onClick={() => ui.setScreen('editor')}>
              ← Back to the current graph
            </button>
          ) : null}
        </header>

        {recovered ? (
          <div className="wg-recover" role="alert">
            <div>
              <strong>Recover unsaved work?</strong>
              <span className="wg-muted">
                {' '}
                “{recovered.doc.name}” from {new Date(recovered.savedAt).toLocaleString()} was not saved when Wiregrad last closed.
              </span>
            </div>
            <button
              type="button"
              className="wg-btn wg-btn--primary"
              onClick={() => {
                openDocument(recovered.doc, recovered.path ?? null, { dirty: true });
                sessionStore.set((s) => ({ ...s, recovered: null }));
              }}
            >
              Recover
            </button>
            <button
              type="button"
              className="wg-btn"
              onClick={() => {
                void getApi()?.discardAutosave();
                sessionStore.set((s) => ({ ...s, recovered: null }));
              }}
            >
              Discard
            </button>
          </div>
        ) : null}

        <section aria-labelledby="wg-start-new">
          <h2 id="wg-start-new">New project</h2>
          <ul className="wg-cards">
            <li>
              <button type="button" className="wg-card" aria-label="Empty canvas" onClick={() => openDocument(emptyDocument('Untitled'), null)}>
                <GraphThumbnail doc={emptyDocument()} />
                <span className="wg-card__title">Empty canvas</span>
                <span className="wg-card__text">Start from nothing: drag an Input, then layers.</span>
              </button>
            </li>
            {templates.map((t) => (
              <li key={t.id}>
                <button type="button" className="wg-card" aria-label={`Template ${t.name}`} data-template={t.id} onClick={() => void openTemplate(structuredClone(t.doc))}>
                  <GraphThumbnail doc={t.doc} />
                  <span className="wg-card__title">{t.name}</span>
                  <span className="wg-card__text">{t.description ?? BLURBS[t.id] ?? `${t.doc.nodes.length} layers`}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="wg-start-recent" className="wg-start__recent">
          <div className="wg-row">
            <h2 id="wg-start-recent">Recent</h2>
            <button type="button" className="wg-btn wg-btn--ghost" onClick={() => void open()}>
              Open a file…
            </button>
          </div>
          {recent.length ? (
            <ul className="wg-recent">
              {recent.slice(0, 8).map((r) => (
                <li key={r.path}>
                  <button type="button" className="wg-recent__item" onClick={() => void openPath(r.path)} title={r.path}>
                    <span className="wg-recent__name">{r.name}</span>
                    <span className="wg-recent__path">{r.path}</span>
                    <time className="wg-muted">{new Date(r.at).toLocaleDateString()}</time>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="wg-muted">No recent files yet. Saved projects show up here.</p>
          )}
        </section>
      </div>
    </main>
  );
}
