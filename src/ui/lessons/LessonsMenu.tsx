import { lessons } from '../../experiment';
import { useApp } from '../store';
import { Menu } from '../menu/Menu';

/** A menu of guided lessons; choosing one opens its prepared experiment (exactly as written) and its panel. */
export function LessonsMenu() {
  const openLesson = useApp((s) => s.openLesson);
  const items = lessons.map((l) => ({ key: l.id, title: l.title, onChoose: () => openLesson(l.id) }));
  return <Menu label="Lessons" items={items} />;
}
