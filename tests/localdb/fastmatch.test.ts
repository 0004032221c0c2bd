// The direct evaluation of common filters (localdb/fastmatch.ts) against mingo, which evaluates
// everything else: on random documents and filters, both must agree, and a few cases state
// MongoDB's semantics outright.
import { expect } from 'chai';
import fc from 'fast-check';
import { Query } from 'mingo';
import { Long, ObjectId } from 'bson';
import { compileFast } from '../../localdb/fastmatch.js';
import { type Doc, toView } from '../../localdb/values.js';

const mingo = (filter: Doc, doc: Doc) =>
  new Query(toView(filter) as Doc, { scriptEnabled: false, useStrictMode: true }).test(toView(doc) as Doc);

describe('localdb: common filters evaluated without mingo', () => {
  const ids = [new ObjectId('64b000000000000000000001'), new ObjectId('64b000000000000000000002')];
  const scalar = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(1.5, -0.5, Long.fromNumber(2)),
    fc.constantFrom('a', 'b', 'org', ''),
    fc.constantFrom(true, false),
    fc.integer({ min: 0, max: 3 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d))),
    fc.constantFrom(...ids),
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }) },
  );
  const doc = fc.record(
    {
      a: value,
      b: value,
      c: fc.record({ d: value }, { requiredKeys: [], noNullPrototype: true }),
      // Documents only: mingo lets a document-form $elemMatch match a Date element, MongoDB does not.
      e: fc.array(fc.record({ x: value }, { requiredKeys: [], noNullPrototype: true }), { maxLength: 3 }),
    },
    { requiredKeys: [], noNullPrototype: true },
  );
  const field = fc.constantFrom('a', 'b');
  const leaf = fc.oneof(
    fc.tuple(field, scalar).map(([f, v]) => ({ [f]: v })),
    fc.tuple(field, fc.constant(null)).map(([f]) => ({ [f]: null })),
    fc.tuple(fc.constantFrom('$eq', '$ne'), field, fc.oneof(scalar, fc.constant(null))).map(([op, f, v]) => ({
      [f]: { [op]: v },
    })),
    fc
      .tuple(fc.constantFrom('$in', '$nin'), field, fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }))
      .map(([op, f, vs]) => ({ [f]: { [op]: vs } })),
    fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), field, scalar).map(([op, f, v]) => ({ [f]: { [op]: v } })),
    fc.tuple(field, fc.boolean()).map(([f, e]) => ({ [f]: { $exists: e } })),
    fc.tuple(scalar).map(([v]) => ({ 'c.d': v })),
    fc.tuple(fc.array(scalar, { maxLength: 2 })).map(([vs]) => ({ 'c.d': { $in: vs } })),
    fc
      .tuple(fc.constantFrom('a', 'e'), fc.constantFrom('$eq', '$gt', '$ne', '$in'), scalar)
      .map(([f, op, v]) => ({ [f]: { $elemMatch: { [op]: op === '$in' ? [v] : v } } })),
    fc.tuple(scalar, fc.constantFrom('$eq', '$lt')).map(([v, op]) => ({ e: { $elemMatch: { x: { [op]: v } } } })),
    fc.tuple(scalar).map(([v]) => ({ e: { $elemMatch: { x: v } } })),
  );
  const filter: fc.Arbitrary<Doc> = fc.letrec((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(leaf, { minLength: 2, maxLength: 3 }).map((ls) => Object.assign({}, ...ls)),
      fc
        .tuple(fc.constantFrom('$and', '$or', '$nor'), fc.array(tie('f'), { minLength: 1, maxLength: 3 }))
        .map(([op, fs]) => ({ [op]: fs })),
    ),
  })).f as fc.Arbitrary<Doc>;

  it('agrees with mingo on every document and filter it accepts (property)', () => {
    fc.assert(
      fc.property(filter, fc.array(doc, { minLength: 1, maxLength: 8 }), (f, docs) => {
        const fast = compileFast(f);
        if (!fast) return;
        for (const d of docs) expect(fast(d), `${JSON.stringify(f)} on ${JSON.stringify(d)}`).to.equal(mingo(f, d));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps MongoDB semantics for null, arrays, type brackets and $nin', () => {
    const test = (f: Doc, d: Doc) => compileFast(f)!(d);
    expect(test({ a: null }, {})).to.equal(true);
    expect(test({ a: null }, { a: [1, null] })).to.equal(true);
    expect(test({ a: null }, { a: [] })).to.equal(false);
    expect(test({ a: 2 }, { a: [1, 2.0] })).to.equal(true);
    expect(test({ a: 2 }, { a: Long.fromNumber(2) })).to.equal(true);
    expect(test({ a: { $gt: 5 } }, { a: [1, 10] })).to.equal(true);
    expect(test({ a: { $gt: 5 } }, { a: 'z' })).to.equal(false);
    expect(test({ a: { $lt: 'b' } }, { a: 1 })).to.equal(false);
    expect(test({ a: { $nin: [1, 2] } }, {})).to.equal(true);
    expect(test({ a: { $nin: [1, 2] } }, { a: [3, 2] })).to.equal(false);
    expect(test({ a: { $ne: null } }, { a: [1] })).to.equal(true);
    expect(test({ a: { $exists: true } }, { a: null })).to.equal(true);
    expect(compileFast({ a: /x/ })).to.equal(null);
    expect(test({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 2] })).to.equal(true);
    expect(test({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 5] })).to.equal(false);
    expect(compileFast({ a: { $elemMatch: { $regex: 'x' } } })).to.equal(null);
    expect(compileFast({ $expr: { $gt: ['$a', 1] } })).to.equal(null);
  });
});
