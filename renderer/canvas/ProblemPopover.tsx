/** The messages of one node's problems, shown on hover, each with its one-click fix. */
import { fixesOf, type Diagnostic } from '../../core/check/diagnostics';
import { FixButton } from '../shell/FixButton';

/** Above the node left to right, beside it top to bottom: where the chain's neighbours are not. */
export function ProblemPopover({ diagnostics, side }: { diagnostics: Diagnostic[]; side: 'above' | 'right' }) {
  return (
    <div className={`wg-popover is-${side} nodrag nopan nowheel`} role="tooltip">
      {diagnostics.map((d, i) => (
        <div key={i} className={`wg-popover__item is-${d.severity}`}>
          <span className="wg-popover__code">{d.code}</span>
          <p>{d.message}</p>
          {fixesOf(d).map((f) => (
            <FixButton key={f.label} fix={f} />
          ))}
        </div>
      ))}
    </div>
  );
}
