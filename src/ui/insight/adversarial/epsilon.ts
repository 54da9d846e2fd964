// The ε sliders' ranges, apart from the components so the store can start from them too
// (the decision boundary's attack arrows keep their setting in the store).
/** Pixels scaled to [0, 1] for images, normalised features otherwise. */
export const EPSILON_RANGE = { image: { max: 0.3, step: 0.01, start: 0.1 }, features: { max: 1, step: 0.05, start: 0.3 } } as const;
