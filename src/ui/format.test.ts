import { describe, expect, it } from 'vitest';
import { formatNumber } from './format';

describe('formatNumber (the page\'s one formatter for measured figures)', () => {
  it('rounds to 3 significant digits with thousands separators', () => {
    expect(formatNumber(22.183333333333334)).toBe('22.2');
    expect(formatNumber(14_237.9)).toBe('14,200');
    expect(formatNumber(10_000_000)).toBe('10,000,000');
    expect(formatNumber(1234567.8)).toBe('1,230,000');
    expect(formatNumber(0.0012345)).toBe('0.00123');
    expect(formatNumber(19.2)).toBe('19.2');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-3.14159)).toBe('−3.14');
  });

  it('says what is not a number instead of printing NaN', () => {
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
  });
});
