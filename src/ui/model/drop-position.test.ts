import { describe, expect, it } from 'vitest';
import { arrayMove } from '@dnd-kit/sortable';
import { STACK_END, dropIndex, dropMessage, overMessage } from './drop-position';

const ids = ['a', 'b', 'c'];

describe('dropIndex', () => {
  it('a palette item goes before the layer it is over, or last over the end zone', () => {
    expect(dropIndex(ids, 'a', true)).toBe(0);
    expect(dropIndex(ids, 'c', true)).toBe(2);
    expect(dropIndex(ids, STACK_END, true)).toBe(3);
    const after = [...ids];
    after.splice(dropIndex(ids, 'b', true)!, 0, 'new');
    expect(after.indexOf('new')).toBe(1);
  });

  it('a moved layer ends where the announcement says (arrayMove)', () => {
    for (const from of [0, 1, 2]) {
      for (const over of ids) {
        const to = dropIndex(ids, over, false)!;
        expect(arrayMove(ids, from, to).indexOf(ids[from])).toBe(to);
      }
    }
    expect(dropIndex(ids, STACK_END, false)).toBe(2);
  });

  it('null when not over the model', () => {
    expect(dropIndex(ids, 'palette:dense', true)).toBeNull();
    expect(dropIndex(ids, undefined, false)).toBeNull();
  });
});

describe('messages count from 1', () => {
  it('over and drop', () => {
    expect(overMessage(1, true, 3)).toBe('Over position 2: inserts it before layer 2.');
    expect(overMessage(3, true, 3)).toBe('Over the end: adds it as layer 4.');
    expect(overMessage(2, false, 3)).toBe('Over position 3 of 3.');
    expect(overMessage(null, false, 3)).toBe('Not over the model.');
    expect(dropMessage(1, true, 'Conv2D')).toBe('Conv2D added as layer 2.');
    expect(dropMessage(2, false, 'Layer 2')).toBe('Layer 2 moved to position 3.');
    expect(dropMessage(null, true, 'Conv2D')).toBe('Conv2D dropped outside the model; nothing added.');
  });
});
