/** The bottom dock: Problems | Training | Evaluation | Runs | Log, collapsible. */
import type { KeyboardEvent } from 'react';
import { useStore } from '../store/createStore';
import { ui, uiStore, type DockTab } from '../store/uiStore';
import { useProblemCounts } from './useProblems';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { ProblemsTab } from './ProblemsTab';
import { TrainingTab } from '../training/TrainingTab';
import { EvaluationTab } from '../evaluation/EvaluationTab';
import { LogTab } from './LogTab';
import { RunsTab } from '../runs/RunsTab';
import { DockResizer } from './DockResizer';

const TABS: { id: DockTab; title: string }[] = [
  { id: 'problems', title: 'Problems' },
  { id: 'training', title: 'Training' },
  { id: 'evaluation', title: 'Evaluation' },
  { id: 'runs', title: 'Runs' },
  { id: 'log', title: 'Log' },
];

export function Dock() {
  const open = useStore(uiStore, (s) => s.dockOpen);
  const tab = useStore(uiStore, (s) => s.dockTab);
  const height = useStore(uiStore, (s) => s.dockHeight);
  const evaluationUnseen = useStore(uiStore, (s) => s.evaluationUnseen);
  const counts = useProblemCounts();
  const training = useStore(runStore, (s) => isActive(s));
  const problems = counts.errors + counts.warnings + counts.hints;

  const onTabKey = (e: KeyboardEvent) => {
    // Arrow keys move between tabs, as in every tablist.
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    ui.showDock(next.id);
    document.getElementById(`wg-tab-${next.id}`)?.focus();
  };

  return (
    <section className={`wg-dock${open ? '' : ' is-collapsed'}`} aria-label="Dock" style={open ? { height } : undefined}>
      <DockResizer
        height={height}
        collapsed={!open}
        onResize={(h) => uiStore.set((s) => ({ ...s, dockHeight: h }))}
        onCollapse={(c) => uiStore.set((s) => ({ ...s, dockOpen: !c }))}
      />
      <div className="wg-dock__bar">
        <div role="tablist" aria-label="Dock panels" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              id={`wg-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={open && tab === t.id}
              aria-controls={`wg-panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className="wg-dock__tab"
              onClick={() => (open && tab === t.id ? ui.toggleDock() : ui.showDock(t.id))}
            >
              {t.title}
              {t.id === 'problems' && problems ? <span className={`wg-count ${counts.errors ? 'is-error' : counts.warnings ? 'is-warning' : 'is-hint'}`}>{problems}</span> : null}
              {t.id === 'training' && training ? <span className="wg-dot is-live" role="img" aria-label="running" /> : null}
              {t.id === 'evaluation' && evaluationUnseen ? <span className="wg-dot is-new" role="img" aria-label="new results" /> : null}
            </button>
          ))}
        </div>
        <button type="button" className="wg-icon-btn" aria-label={open ? 'Collapse dock' : 'Expand dock'} aria-expanded={open} onClick={() => ui.toggleDock()}>
          <svg viewBox="0 0 16 16" aria-hidden style={{ transform: open ? 'none' : 'rotate(180deg)' }}>
            <path d="M4 6l4 4 4-4" fill="none" />
          </svg>
        </button>
      </div>
      {open ? (
        <div className="wg-dock__panel" role="tabpanel" id={`wg-panel-${tab}`} aria-labelledby={`wg-tab-${tab}`}>
          {tab === 'problems' ? <ProblemsTab /> : tab === 'training' ? <TrainingTab /> : tab === 'evaluation' ? <EvaluationTab /> : tab === 'runs' ? <RunsTab /> : <LogTab />}
        </div>
      ) : null}
    </section>
  );
}
