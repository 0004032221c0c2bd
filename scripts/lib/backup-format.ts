import path from 'node:path';

/** The file in a backup folder that says what it holds. */
export const BACKUP_MANIFEST = 'ids-backup.json';

export interface BackupManifest {
  format: string;
  createdAt: string;
  database: string;
  /** Where it was taken from, without credentials. */
  source: string;
  /** Documents per collection. */
  collections: Record<string, number>;
  bytes: number;
  ms: number;
}

/**
 * The folder named after `--` (npm run <script> -- <folder>), taken from where the command was
 * typed (npm runs scripts in the project folder; INIT_CWD is where it was run). Exits 1 without one.
 */
export function folderArgument(script: string): string {
  const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!given) {
    process.stderr.write(`usage: npm run ${script} -- <folder>\n`);
    process.exit(1);
  }
  return path.resolve(process.env.INIT_CWD || process.cwd(), given);
}
