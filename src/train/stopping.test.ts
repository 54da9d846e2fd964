import { describe, expect, it } from 'vitest';
import { StoppingRules } from './stopping';
import type { TrainingSpec } from '../spec';

const training = (t: Partial<TrainingSpec>) => ({ batchSize: 32, epochs: 10, ...t }) as TrainingSpec;

describe('StoppingRules', () => {
  it('never stops without a rule', () => {
    const s = new StoppingRules(training({}));
    for (const testLoss of [1, 2, 3, 4]) s.observe({ testLoss });
    expect(s.reason).toBeNull();
  });

  it('stops at the target loss, at or below it', () => {
    const s = new StoppingRules(training({ targetLoss: 0.5 }));
    s.observe({ testLoss: 0.51 });
    expect(s.reason).toBeNull();
    s.observe({ testLoss: 0.5 });
    expect(s.reason).toBe('targetLoss');
  });

  it('stops early after `patience` evaluations without improvement of the test loss', () => {
    const s = new StoppingRules(training({ earlyStopping: { metric: 'testLoss', patience: 2 } }));
    s.observe({ testLoss: 1 });
    s.observe({ testLoss: 0.8 }); // better: the count restarts
    s.observe({ testLoss: 0.8 }); // 1 without improvement
    expect(s.reason).toBeNull();
    s.observe({ testLoss: 0.9 }); // 2
    expect(s.reason).toBe('earlyStopping');
  });

  it('treats higher accuracy as better, and resets', () => {
    const s = new StoppingRules(training({ earlyStopping: { metric: 'testAccuracy', patience: 1 } }));
    s.observe({ testLoss: 9, testAccuracy: 0.5 });
    s.observe({ testLoss: 9, testAccuracy: 0.6 });
    expect(s.reason).toBeNull();
    s.observe({ testLoss: 0.1, testAccuracy: 0.6 });
    expect(s.reason).toBe('earlyStopping');
    s.reset();
    expect(s.reason).toBeNull();
    s.observe({ testLoss: 9, testAccuracy: 0.1 }); // a fresh best after reset
    expect(s.reason).toBeNull();
  });

  it('names the target loss when both rules fire at one evaluation', () => {
    const s = new StoppingRules(training({ targetLoss: 1, earlyStopping: { metric: 'testAccuracy', patience: 1 } }));
    s.observe({ testLoss: 2, testAccuracy: 0.6 });
    s.observe({ testLoss: 0.9, testAccuracy: 0.5 });
    expect(s.reason).toBe('targetLoss');
  });
});
