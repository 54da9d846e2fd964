import type { HistogramSnapshot } from '../../../worker/insight-protocol';
import { ExampleImage } from '../classification/ExampleImage';
import { NumberField } from '../../fields';
import { insightCommands } from '../commands';
import { filterImage, featureMap } from './conv-images';

/** Which test image's feature maps to show (the worker clamps it to the test set). */
const TEST_IMAGE = { min: 0, max: 1_000_000, integer: true };

/** Filters and maps shown per layer (the first ones). */
const MAX_SHOWN = 16;

/** Each convolution layer's filters (input channel 1) and its feature maps for one test image. */
export function ConvFilters({ snapshot }: { snapshot: HistogramSnapshot }) {
  const pixels = snapshot.featureImagePixels;
  return (
    <div className="conv-views">
      <div className="conv-input">
        <NumberField label="Test image" value={snapshot.featureImage ?? 0} range={TEST_IMAGE}
          onChange={(v) => { if (Number.isInteger(v) && v >= 0) insightCommands().featureImage(v); }} />
        {pixels && <ExampleImage pixels={pixels} height={28} width={28} channels={1} scale={2} label={`test image ${snapshot.featureImage}`} />}
      </div>
      {snapshot.conv.map((c) => {
        const [kh, kw, , filters] = c.filterShape;
        const [mh, mw, channels] = c.mapShape;
        return (
          <div key={c.layer} className="conv-layer">
            <h4>{c.label}</h4>
            {filters > 0 && (
              <div className="tiles" aria-label={`${c.label} filters`}>
                {Array.from({ length: Math.min(filters, MAX_SHOWN) }, (_, f) => (
                  <ExampleImage key={f} pixels={filterImage(c.filters, c.filterShape, f)} height={kh} width={kw} channels={1} scale={Math.max(3, Math.round(24 / kh))} label={`filter ${f + 1}`} />
                ))}
              </div>
            )}
            <div className="tiles" aria-label={`${c.label} feature maps`}>
              {Array.from({ length: Math.min(channels, MAX_SHOWN) }, (_, ch) => (
                <ExampleImage key={ch} pixels={featureMap(c.maps, c.mapShape, ch)} height={mh} width={mw} channels={1} scale={Math.max(1, Math.round(48 / mh))} label={`feature map ${ch + 1}`} />
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
