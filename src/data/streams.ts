// Stream labels for the seeded generators of src/data, so that data generation, splitting
// and epoch order draw from independent, documented sequences of the experiment seed.
// NOTE: changing any value changes every dataset, split and order for existing share links.

/** Rng.derive(seed, SYNTHETIC_STREAM): points of the synthetic 2-D sets. */
export const SYNTHETIC_STREAM = 0xda7a0001;
/** Rng.derive(seed, SPLIT_STREAM): the train/test/validation permutation. */
export const SPLIT_STREAM = 0xda7a0002;
/** new Rng(hashU32(seed, EPOCH_STREAM, epoch)): the sample order of one epoch. */
export const EPOCH_STREAM = 0xda7a0003;
