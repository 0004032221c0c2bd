import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The project folder (the one holding package.json), whether this runs from server/ or dist/server/. */
export function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(import.meta.dirname, '..');
    dir = up;
  }
  return dir;
}

/** package.json's version. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
