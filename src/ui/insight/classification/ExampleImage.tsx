import { useEffect, useRef } from 'react';

/** A test image (pixels 0..255, HWC) drawn on a canvas, scaled up without smoothing. */
export function ExampleImage({ pixels, height, width, channels, scale = 2, label }: {
  pixels: readonly number[]; height: number; width: number; channels: number; scale?: number; label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const base = i * channels;
      const [r, g, b] = channels >= 3 ? [pixels[base], pixels[base + 1], pixels[base + 2]] : [pixels[base], pixels[base], pixels[base]];
      img.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, height, width, channels]);
  return <canvas ref={ref} width={width} height={height} className="pixel-canvas" style={{ width: width * scale, height: height * scale }} role="img" aria-label={label} />;
}
