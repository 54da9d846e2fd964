import { useEffect, useId } from 'react';
import { useApp } from '../../store';
import { CheckField } from '../../fields';
import type { AttackMethod } from '../../../worker/attack-protocol';
import type { PlaneInfo } from '../../../worker/protocol';
import { AttackSettings } from '../adversarial/AttackSettings';
import { attackCommands } from '../adversarial/commands';
import { ARROW_COLOURS, arrowLines, arrowSummary, arrowsUnavailableOn, flipCount } from './arrows';

// The decision boundary's attack arrows: the toggle with its attack (method and ε, kept in
// the store), and the arrows from each test point to where the attack moves it, drawn over
// the plot. The worker recomputes them as training moves the weights (attack-arrows.ts).

/** The SVG's own coordinates: the points layer's resolution, so both scale alike. */
const ARROWS_PX = 640;

/** Arrows over the plot, one <line data-arrow> per test point used. */
export function ArrowLayer({ plane }: { plane: PlaneInfo }) {
  const show = useApp((s) => s.showAttackArrows);
  const arrows = useApp((s) => s.attackArrows);
  const id = useId();
  if (!show || !arrows) return null;
  const lines = arrowLines(arrows, plane.extent, ARROWS_PX);
  // Held arrows first, so the flipped ones are drawn on top.
  const ordered = [...lines.filter((l) => !l.flipped), ...lines.filter((l) => l.flipped)];
  const marker = (kind: keyof typeof ARROW_COLOURS) => `${id}-${kind}`;
  return (
    <svg className="boundary-arrows" viewBox={`0 0 ${ARROWS_PX} ${ARROWS_PX}`} aria-hidden="true" data-arrows={lines.length} data-flipped={flipCount(arrows)} data-step={arrows.step}>
      <defs>
        {(['held', 'flipped'] as const).map((kind) => (
          <marker key={kind} id={marker(kind)} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill={ARROW_COLOURS[kind]} />
          </marker>
        ))}
      </defs>
      {ordered.map((l, i) => {
        const kind = l.flipped ? 'flipped' : 'held';
        return (
          <g key={i} data-arrow="" data-flipped={l.flipped}>
            <circle cx={l.x1} cy={l.y1} r={3} fill={ARROW_COLOURS[kind]} />
            <line x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke={ARROW_COLOURS[kind]} strokeWidth={l.flipped ? 2.5 : 1.5} strokeOpacity={l.flipped ? 1 : 0.6} markerEnd={`url(#${marker(kind)})`} />
          </g>
        );
      })}
    </svg>
  );
}

/** "Show attack arrows", the attack's method and ε while on, and the line counting flips. */
export function ArrowControls({ plane }: { plane: PlaneInfo }) {
  const show = useApp((s) => s.showAttackArrows);
  const setShow = useApp((s) => s.setShowAttackArrows);
  const attack = useApp((s) => s.arrowAttack);
  const setAttack = useApp((s) => s.setArrowAttack);
  const arrows = useApp((s) => s.attackArrows);
  const message = useApp((s) => s.arrowsMessage);
  const unavailable = arrowsUnavailableOn(plane);
  const on = show && !unavailable;
  // The worker keeps computing while the setting is on; off (or the plot gone) stops it.
  useEffect(() => { attackCommands().arrows(on ? attack : null); }, [on, attack]);
  useEffect(() => () => attackCommands().arrows(null), []);
  const settings = {
    kind: 'features' as const, method: attack.method, epsilon: attack.epsilon,
    setMethod: (method: AttackMethod) => setAttack({ ...attack, method }),
    setEpsilon: (epsilon: number) => setAttack({ ...attack, epsilon }),
  };
  const fresh = arrows && arrows.method === attack.method && arrows.epsilon === attack.epsilon ? arrows : null;
  return (
    <>
      <div className="boundary-toggles boundary-attack">
        <CheckField label="Show attack arrows" checked={on} onChange={setShow} disabled={unavailable !== null} title={unavailable ?? 'Where the attack moves the test points, at the current weights (ε in normalised feature units).'} />
        {on && <AttackSettings {...settings} />}
      </div>
      {on && (
        <p className="small boundary-arrows-summary" data-points={fresh?.clean.length} data-flipped={fresh ? flipCount(fresh) : undefined}>
          {message ?? (fresh ? arrowSummary(fresh) : 'Attack arrows: moving the test points…')}
        </p>
      )}
      {on && fresh && !message && (
        <p className="muted small boundary-key">
          <span className="swatch" style={{ background: ARROW_COLOURS.flipped }} /> prediction flipped{' '}
          <span className="swatch" style={{ background: ARROW_COLOURS.held }} /> prediction held
        </p>
      )}
    </>
  );
}
