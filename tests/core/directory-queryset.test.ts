import { expect } from 'chai';
import { generateDemoOrganisation } from '../../demo/index.js';
import { seedDemoOrganisation } from '../../demo/seed.js';
import { DirectoryIndex, loadDirectory, parseIntent } from '../../core/directory/index.js';
import { useTestStore } from '../support/db.js';
import { demoToDirectoryInput } from './directory-fixtures.js';
import { answerTop, HELD_OUT_SET, QUERY_SET, satisfies, type QueryCase } from './directory-queryset-data.js';

/** Runs every query as the bot would (intent, then search) and returns the share right at rank 1. */
function runQuerySet(index: DirectoryIndex, label: string, set: readonly QueryCase[] = QUERY_SET): number {
  const misses: string[] = [];
  for (const c of set) {
    const intent = parseIntent(c.text);
    const { top } = answerTop(index, c.text);
    if (!top || !satisfies(top, c.expect)) {
      misses.push(
        `        [${c.kind}] "${c.text}" → ${intent.intent} "${intent.query}" → ${top ? top.displayName : 'nobody'}`,
      );
    }
  }
  const correct = set.length - misses.length;
  const pct = (100 * correct) / set.length;
  console.log(`      ${label}: ${correct}/${set.length} right at rank 1 (${pct.toFixed(1)}%)`);
  if (misses.length > 0) console.log(`      misses:\n${misses.join('\n')}`);
  return pct;
}

describe('core/directory: the query set on the demo organisation', () => {
  const org = generateDemoOrganisation();

  it('has at least 80 queries, each after someone who exists in the demo data', () => {
    expect(QUERY_SET.length).to.be.at.least(80);
    const index = DirectoryIndex.build(org.people.map((p) => demoToDirectoryInput(p)));
    for (const c of [...QUERY_SET, ...HELD_OUT_SET]) {
      expect(
        index.all().some((p) => satisfies(p, c.expect)),
        `nobody fits "${c.text}"`,
      ).to.equal(true);
    }
  });

  it('puts the right person first for at least 95% of them (index built in memory)', () => {
    const index = DirectoryIndex.build(org.people.map((p) => demoToDirectoryInput(p)));
    expect(runQuerySet(index, 'query set, in memory')).to.be.at.least(95);
  });

  it('does as well on queries written after the tuning (held out)', () => {
    const index = DirectoryIndex.build(org.people.map((p) => demoToDirectoryInput(p)));
    expect(runQuerySet(index, 'held-out set, in memory', HELD_OUT_SET)).to.be.at.least(95);
  });

  describe('loaded from the store', () => {
    useTestStore();

    it('gives the same answers when the index is loaded from the seeded store', async () => {
      await seedDemoOrganisation();
      const index = await loadDirectory();
      expect(index.size).to.equal(org.people.length);
      expect(runQuerySet(index, 'query set, from the store')).to.be.at.least(95);
    });
  });
});
