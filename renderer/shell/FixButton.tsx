/** One-click fix: applies the checker's Fix as one undoable command and shows the result. */
import type { Fix } from '../../core/check/diagnostics';
import { editor } from '../store/editorStore';
import { canvas } from '../canvas/controller';
import { ui } from '../store/uiStore';
import { useStore } from '../store/createStore';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';

export function FixButton({ fix }: { fix: Fix }) {
  const locked = useStore(runStore, isActive);
  return (
    <button
      type="button"
      className="wg-btn wg-btn--fix nodrag"
      aria-label={`Fix: ${fix.label}`}
      disabled={locked}
      onClick={(e) => {
        e.stopPropagation();
        const id = editor.applyFix(fix);
        ui.log('info', `Applied fix: ${fix.label}`);
        if (id) requestAnimationFrame(() => canvas()?.centerNode(id));
        // A new dataset may want more (CIFAR-10's folder): show where it is set.
        if (fix.kind === 'setDataset') ui.showDock('training');
      }}
    >
      <span aria-hidden>⚡</span> {fix.label}
    </button>
  );
}
