import { useApp } from '../store';
import { formatValue } from '../format';
import { Term } from '../Term';

/** Per-layer gradient norm and update ratio from the last evaluation, with warning flags. */
export function GradHealth() {
  const health = useApp((s) => s.health);
  if (health.length === 0) return <p className="muted small">Gradient health appears after the first evaluation.</p>;
  return (
    <table className="health" aria-label="Gradient health">
      <thead><tr><th>Layer</th><th><Term term="Gradient norm">Grad norm</Term></th><th><Term term="Update ratio" /></th><th>State</th></tr></thead>
      <tbody>
        {health.map((h) => (
          <tr key={h.layer} className={`flag-${h.flag}`}>
            <td>{h.layer}</td>
            <td>{formatValue(h.gradNorm, 3)}</td>
            <td>{formatValue(h.updateRatio, 3)}</td>
            <td>{h.flag === 'ok' ? 'ok' : <span className="flag">{h.flag}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
