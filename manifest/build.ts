// `npm run manifest`: builds and validates the Teams app package offline into manifest/build/.
// Reads PUBLIC_URL, TEAMS_APP_ID, MicrosoftAppId, ENTRA_CLIENT_ID, TEAMS_APP_BRANDING (and
// NODE_ENV, PORT) from the environment and .env (as the server does); exits 1, listing every problem, when the package would not be valid.
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEnvFile } from '../config/index.js';
import { buildAppPackage } from './package.js';

export { buildManifest, validateManifest, validateLocalization } from './manifest.js';
export type { IdsManifest, ValidationReport } from './manifest.js';
export { assembleAppPackage, buildAppPackage, validateAppPackage, PACKAGE_FILE } from './package.js';
export type { BuildResult } from './package.js';

export const DEFAULT_OUT_DIR = fileURLToPath(new URL('./build/', import.meta.url));

async function main(): Promise<number> {
  // The same .env as the server's, so the package names the same URL and ids.
  loadEnvFile();
  const result = await buildAppPackage(process.env, DEFAULT_OUT_DIR);
  const show = (path: string) => relative(process.cwd(), path) || path;
  const { manifest } = result;

  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (result.errors.length > 0) {
    process.stderr.write(`\nThe Teams app package is NOT valid; no zip was written:\n`);
    for (const error of result.errors) process.stderr.write(`  - ${error}\n`);
    if (result.written.length > 0) process.stderr.write(`(to look at: ${result.written.map(show).join(', ')})\n`);
    return 1;
  }
  process.stdout.write(
    [
      `Teams app package (manifest ${manifest.manifestVersion}, app ${manifest.version}) validated offline:`,
      ...result.written.map((path) => `  wrote ${show(path)}`),
      `  app id ${manifest.id}, bot ${manifest.bots?.[0]?.botId}, SSO ${manifest.webApplicationInfo?.id}`,
      `  tab ${manifest.staticTabs?.[0]?.contentUrl}`,
      result.warnings.length > 0
        ? `  ${result.warnings.length} warning(s) above: fine for a schema check, not for upload.`
        : `  Ready to upload: Teams > Apps > Manage your apps > Upload an app.`,
      '',
    ].join('\n'),
  );
  return 0;
}

// Run only as a script, so tests can import the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `manifest build failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
