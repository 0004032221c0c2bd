import { createHash } from 'node:crypto';
import { demoDirectoryInput } from '../../demo/directory-input.js';
import type { DemoPerson } from '../../demo/index.js';
import type { DirectoryPersonInput } from '../../core/directory/index.js';

/** A stable 24-hex id for a demo person (the demo data has no ids; the seed assigns them). */
export function demoId(email: string): string {
  return createHash('sha1').update(email).digest('hex').slice(0, 24);
}

/** A demo person as the store would hold them, with an id derived from the email. */
export function demoToDirectoryInput(
  p: DemoPerson,
  updatedAt = new Date('2025-01-01T00:00:00Z'),
): DirectoryPersonInput {
  return demoDirectoryInput(p, demoId(p.email), updatedAt, p.managerEmail ? demoId(p.managerEmail) : undefined);
}
