import { presets, findPreset } from '../../experiment';
import { useApp } from '../store';
import { Menu } from '../menu/Menu';

/** A menu of ready experiments; choosing one replaces the current experiment. */
export function PresetsMenu() {
  const setExperiment = useApp((s) => s.setExperiment);
  const setNotice = useApp((s) => s.setNotice);
  const items = presets.map((p) => ({
    key: p.name,
    title: p.title,
    hint: p.description,
    onChoose: () => {
      const preset = findPreset(p.name);
      if (preset) { setExperiment(preset.experiment); setNotice(null); }
    },
  }));
  return <Menu label="Presets" items={items} />;
}
