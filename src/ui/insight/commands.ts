// What the insight views can ask of the training worker; src/app (the worker bridge)
// supplies the implementation, as for runCommands().
export interface InsightCommands {
  /** The learning-rate range test from the current weights (restored afterwards). */
  findLr(): void;
  /** Class probabilities of a drawn image: pixels 0..1, height x width of the dataset. */
  predict(id: number, pixels: number[]): void;
  /** Feature maps of another test image. */
  featureImage(index: number): void;
}

const noop: InsightCommands = { findLr() {}, predict() {}, featureImage() {} };
let current: InsightCommands = noop;

export function setInsightCommands(commands: InsightCommands): void {
  current = commands;
}

export function insightCommands(): InsightCommands {
  return current;
}
