// Column-wise storage for CSV parsing: each cell is kept as a number (numeric cells) or a
// small integer code into the column's dictionary of text values, so a 50 MB file never
// holds millions of JavaScript strings at once.

/** Cell values treated as missing in any column. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export const EMPTY = -1;
export const NUMERIC = -2;
/** A text value beyond the dictionary's capacity (the column is then not one-hot encoded). */
export const OVERFLOW = -3;

export function parseCell(raw: string): { missing: true } | { missing: false; number: number; text: string } {
  const text = raw.trim();
  if (text === '') return { missing: true };
  // Numbers first: most cells are numbers, and no missing marker parses as a finite number.
  // NOTE: Number('0x10') is 16 and Number('1e3') 1000; both are accepted as numbers.
  const number = Number(text);
  if (Number.isFinite(number)) return { missing: false, number, text };
  if (MISSING.has(text.toLowerCase())) return { missing: true };
  return { missing: false, number: NaN, text };
}

/** A typed array that doubles as it grows. */
class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class GrowableI32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class ColumnStore {
  readonly numbers = new GrowableF64();
  /** EMPTY, NUMERIC, OVERFLOW or an index into `texts`. */
  readonly codes = new GrowableI32();
  readonly texts: string[] = [];
  private readonly textIndex = new Map<string, number>();
  numericCount = 0;
  textCount = 0;
  /** True once a text value did not fit in the dictionary. */
  overflowed = false;

  constructor(readonly name: string, private readonly maxTexts: number) {}

  push(raw: string): void {
    const cell = parseCell(raw);
    if (cell.missing) {
      this.numbers.push(NaN);
      this.codes.push(EMPTY);
    } else if (Number.isFinite(cell.number)) {
      this.numericCount++;
      this.numbers.push(cell.number);
      this.codes.push(NUMERIC);
    } else {
      this.textCount++;
      this.numbers.push(NaN);
      this.codes.push(this.code(cell.text));
    }
  }

  /** Dictionary code of a text value, adding it while there is room. */
  code(text: string): number {
    let code = this.textIndex.get(text);
    if (code === undefined) {
      if (this.texts.length >= this.maxTexts) {
        this.overflowed = true;
        return OVERFLOW;
      }
      code = this.texts.length;
      this.texts.push(text);
      this.textIndex.set(text, code);
    }
    return code;
  }

  /** The cell of row r as text (numbers in their shortest form, so "1.0" and "1" agree). */
  textOf(r: number): string | null {
    const code = this.codes.data[r];
    if (code === EMPTY || code === OVERFLOW) return null;
    return code === NUMERIC ? String(this.numbers.data[r]) : this.texts[code];
  }
}

/** Sort category names: numerically when all are numbers, else by code point. */
export function sortCategories(names: string[]): string[] {
  const allNumeric = names.every((s) => Number.isFinite(Number(s)));
  return [...names].sort(allNumeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
