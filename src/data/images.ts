// Image classification datasets from a pair of IDX files (MNIST layout: images [n, h, w]
// or [n, h, w, c] of u8, labels [n] of u8). Pixels stay 0..255 here; normalize.ts scales.

import { IdxError, type IdxArray } from './idx';
import type { Dataset } from './types';

export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export interface ImageDatasetOptions {
  classNames?: string[];
  /** Defaults to classNames.length, or 10. */
  numClasses?: number;
  /** File names for error messages. */
  imagesName?: string;
  labelsName?: string;
}

export function imageDatasetFromIdx(images: IdxArray, labels: IdxArray, options: ImageDatasetOptions = {}): Dataset {
  const imagesName = options.imagesName ?? 'the images file';
  const labelsName = options.labelsName ?? 'the labels file';
  const numClasses = options.numClasses ?? options.classNames?.length ?? 10;
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new IdxError(`${imagesName} should hold images [n, height, width] or [n, height, width, channels]; it holds [${images.dims.join(', ')}].`);
  }
  if (labels.dims.length !== 1) {
    throw new IdxError(`${labelsName} should hold one label per image ([n]); it holds [${labels.dims.join(', ')}].`);
  }
  const [n, h, w, c = 1] = images.dims;
  if (labels.dims[0] !== n) {
    throw new IdxError(`${imagesName} has ${n} images but ${labelsName} has ${labels.dims[0]} labels; they must match.`);
  }
  const y = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new IdxError(`${labelsName}: label ${i} is ${label}, outside the classes 0..${numClasses - 1}.`);
    }
    y[i] = label;
  }
  return {
    task: 'classification',
    inputShape: [h, w, c],
    numClasses,
    x: new Float32Array(images.data), // NOTE: the typed-array constructor copies much faster than Float32Array.from
    y,
    n,
    classNames: options.classNames,
  };
}
