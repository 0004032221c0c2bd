/**
 * The people a word leads to, as one packed array: each element is `slot * 32 + fieldBits`.
 * Walking a plain array of small integers is many times faster than walking a Map, and it
 * takes a fraction of the memory; postings of tens of thousands of people (a department at
 * 100,000 staff) are walked on every such search. Order does not matter (ties are broken by
 * name), so removal swaps the last element in.
 */
export type Posting = number[];

const FIELD_BITS = 5;
const FIELD_MASK = (1 << FIELD_BITS) - 1;

export const slotOf = (entry: number): number => entry >>> FIELD_BITS;
export const bitsOf = (entry: number): number => entry & FIELD_MASK;

export function addToPosting(posting: Posting, slot: number, bits: number): void {
  posting.push(slot * (FIELD_MASK + 1) + bits);
}

/** Removes a person; linear in the posting's length, which is fine for a write. */
export function removeFromPosting(posting: Posting, slot: number): void {
  for (let i = posting.length - 1; i >= 0; i--) {
    if (posting[i]! >>> FIELD_BITS !== slot) continue;
    posting[i] = posting[posting.length - 1]!;
    posting.pop();
    return;
  }
}

/** For lists of people without field bits (sound-alike keys). */
export function removeSlotFrom(list: number[], slot: number): void {
  const i = list.lastIndexOf(slot);
  if (i < 0) return;
  list[i] = list[list.length - 1]!;
  list.pop();
}
