import { DEFAULT_FEATURES, FEATURES, FEATURE_LABELS, featuresOf } from '../../spec';
import type { DataSpec, FeatureName } from '../../spec';
import { useApp } from '../store';
import { CheckField, FieldGroup } from '../fields';
import { FIELD_WORDS } from '../field-words';

// TensorFlow Playground's feature toggles for the 2-D sets (`data.features`). The list is
// kept in the table's order; back at the default (x1, x2) the field is removed, so the
// experiment, its link and its file stay exactly as they were without features.

export function nextFeatures(current: readonly FeatureName[], feature: FeatureName, on: boolean): FeatureName[] {
  return FEATURES.filter((f) => (f === feature ? on : current.includes(f)));
}

export function withFeatureList(data: DataSpec, features: FeatureName[]): DataSpec {
  const { features: _old, ...rest } = data;
  const isDefault = features.length === DEFAULT_FEATURES.length && features.every((f, i) => f === DEFAULT_FEATURES[i]);
  return isDefault ? (rest as DataSpec) : { ...rest, features };
}

export function FeatureToggles() {
  const data = useApp((s) => s.experiment.data);
  const edit = useApp((s) => s.edit);
  const current = featuresOf(data);
  return (
    <FieldGroup title="Input features">
      {FEATURES.map((f) => (
        <CheckField key={f} label={FEATURE_LABELS[f]} help={FIELD_WORDS['data.features'].help} checked={current.includes(f)}
          onChange={(on) => edit((e) => ({ ...e, data: withFeatureList(e.data, nextFeatures(featuresOf(e.data), f, on)) }))} />
      ))}
    </FieldGroup>
  );
}
