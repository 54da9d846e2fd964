import { findLesson } from '../../experiment';
import type { LessonView } from '../../experiment';
import { useApp } from '../store';
import '../guide.css';

/** Where each lesson's view is on the page: its panel's class and a name for the link. */
const VIEWS: Record<LessonView, { name: string; selector: string }> = {
  charts: { name: 'the loss and accuracy charts', selector: '.panel-run' },
  health: { name: 'gradient health', selector: '.panel-diagnostics' },
  histograms: { name: 'the histograms', selector: '.panel-insight' },
  lrFinder: { name: 'the learning-rate finder', selector: '.panel-lr-finder' },
  speed: { name: 'the speed views', selector: '.panel-speed' },
  model: { name: 'the model and its totals', selector: '.panel-model' },
  boundary: { name: 'the decision boundary', selector: '.panel-boundary' },
  robustness: { name: 'the robustness curve', selector: '.chart-robustness' },
};

/** The open lesson: what to try, what to look for, the view that shows it, and its variant. */
export function LessonPanel() {
  const id = useApp((s) => s.lesson);
  const close = useApp((s) => s.closeLesson);
  const setExperiment = useApp((s) => s.setExperiment);
  const lesson = id ? findLesson(id) : undefined;
  if (!lesson) return null;
  const view = VIEWS[lesson.view];
  const show = () => {
    const el = document.querySelector<HTMLElement>(view.selector);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'start' });
    // A panel's heading is its h2, a chart region's its h3 (the robustness view is a region).
    const heading = el.querySelector<HTMLElement>('h2, h3');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
  };
  return (
    <section className="lesson-panel" aria-labelledby="lesson-title">
      <h2 id="lesson-title">Lesson: {lesson.title}</h2>
      <p>{lesson.text}</p>
      <p className="lesson-actions">
        <button type="button" onClick={show}>Show {view.name}</button>
        <button type="button" onClick={() => setExperiment(structuredClone(lesson.tryIt.experiment))}>Try it: {lesson.tryIt.label}</button>
        <button type="button" onClick={() => setExperiment(structuredClone(lesson.experiment))}>Back to the lesson&apos;s start</button>
        <button type="button" onClick={close}>Close lesson</button>
      </p>
    </section>
  );
}
