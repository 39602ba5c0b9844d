import { expect } from '@open-wc/testing';
import { reconcile } from '../../src/core/reconcile.js';

describe('reconcile (structural sharing)', () => {
  it('returns the previous object when nothing changed, however deep', () => {
    const prev = { a: { b: [1, 2, { c: 'x' }] }, d: null };
    const next = JSON.parse(JSON.stringify(prev)) as typeof prev;
    expect(reconcile(prev, next)).to.equal(prev);
  });

  it('keeps identity of unchanged siblings and replaces only the changed path', () => {
    const prev = { left: { x: 1 }, right: { y: [1, 2] } };
    const out = reconcile(prev, { left: { x: 1 }, right: { y: [1, 3] } });
    expect(out).not.to.equal(prev);
    expect(out.left).to.equal(prev.left);
    expect(out.right).not.to.equal(prev.right);
    expect(out.right.y).to.deep.equal([1, 3]);
  });

  it('matches array items by id, so a join at the front shifts no identities', () => {
    const a = { id: 'a', n: 1 };
    const b = { id: 'b', n: 2 };
    const out = reconcile([a, b], [{ id: 'z', n: 0 }, { id: 'a', n: 1 }, { id: 'b', n: 2 }]);
    expect(out[1]).to.equal(a);
    expect(out[2]).to.equal(b);
    expect(out[0]).to.deep.equal({ id: 'z', n: 0 });
  });

  it('treats class instances by identity only', () => {
    const e1 = new Error('x');
    const e2 = new Error('x');
    expect(reconcile({ e: e1 }, { e: e2 }).e).to.equal(e2);
  });

  it('notices a removed key', () => {
    const prev = { a: 1, b: 2 };
    const out = reconcile<Record<string, number>>(prev, { a: 1 });
    expect(out).to.deep.equal({ a: 1 });
    expect(out).not.to.equal(prev);
  });
});
