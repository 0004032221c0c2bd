// The Teams app package: manifest.json, its localization files and the two icons at the
// root of one zip (fflate). Assembled in memory, checked as Teams would check it, then written.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { COLOR_ICON, decodeImage, OUTLINE_ICON, renderIcons } from './icons.js';
import {
  manifestFromSettings,
  readLocalization,
  validateLocalization,
  validateManifest,
  type IdsManifest,
  type ValidationReport,
} from './manifest.js';
import { resolveManifestSettings, type ManifestEnv } from './settings.js';

export const PACKAGE_FILE = 'ids-teams-app.zip';

/** One file of the package, at the root of the zip. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** A fixed date for every entry, so the same files always make the same zip. */
const ZIP_MTIME = new Date(2020, 0, 1);

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const { name, data } of entries) {
    if (name in files) throw new Error(`duplicate entry ${name}`);
    // PNG is compressed already: store it; deflate the JSON.
    files[name] = [new Uint8Array(data), { level: name.endsWith('.png') ? 0 : 9, mtime: ZIP_MTIME }];
  }
  return Buffer.from(zipSync(files));
}

/** The entries of a zip, in the order they are stored. */
export function readZip(zip: Buffer): ZipEntry[] {
  return Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => ({ name, data: Buffer.from(data) }));
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

export interface AssembledPackage {
  readonly manifest: IdsManifest;
  /** Zip entries in package order: manifest.json, localization files, icons. */
  readonly entries: ZipEntry[];
  readonly warnings: string[];
  /** Environment problems; when there are any, `entries` hold a manifest built from defaults. */
  readonly errors: string[];
}

/** Builds every file of the package in memory from an environment such as process.env. */
export async function assembleAppPackage(env: ManifestEnv): Promise<AssembledPackage> {
  const { settings, warnings, errors } = resolveManifestSettings(env);
  const manifest = manifestFromSettings(settings);
  const entries: ZipEntry[] = [{ name: 'manifest.json', data: json(manifest) }];
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    entries.push({ name: file, data: json(readLocalization(file, settings)) });
  }
  // An icon that cannot be read is an error of the environment; the package is then not built.
  if (errors.length > 0) return { manifest, entries, warnings: [...warnings], errors: [...errors] };
  let icons: Record<string, Buffer>;
  try {
    icons = await renderIcons(settings.branding.icons, settings.branding.accentColor);
  } catch (err) {
    const message = `the icons ${settings.branding.icons.color} and ${settings.branding.icons.outline} could not be read: ${(err as Error).message}`;
    return { manifest, entries, warnings: [...warnings], errors: [message] };
  }
  for (const name of [manifest.icons.color, manifest.icons.outline]) {
    const data = icons[name];
    if (!data)
      throw new Error(`the manifest names icon ${name}, but icons.ts makes only ${Object.keys(icons).join(' and ')}`);
    entries.push({ name, data });
  }
  return { manifest, entries, warnings: [...warnings], errors: [] };
}

/** Checks one icon against Teams' rules; returns the problems found. */
export async function iconProblems(
  role: 'color' | 'outline' | 'color32x32',
  name: string,
  file: Buffer,
): Promise<string[]> {
  let image: Awaited<ReturnType<typeof decodeImage>>;
  try {
    image = await decodeImage(file);
  } catch (err) {
    return [`${name}: ${(err as Error).message}`];
  }
  const size = role === 'color' ? COLOR_ICON.size : OUTLINE_ICON.size;
  const problems: string[] = [];
  if (image.format !== 'png') problems.push(`${name} is ${image.format ?? 'not an image'}; Teams wants PNG`);
  if (image.width !== size || image.height !== size) {
    problems.push(`${name} is ${image.width}×${image.height}; the ${role} icon must be ${size}×${size}`);
  }
  const { data } = image;
  let visible = 0,
    transparent = 0,
    offColour = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha === 0) transparent++;
    else {
      visible++;
      if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) offColour++;
    }
  }
  if (visible === 0) problems.push(`${name} is empty (every pixel is transparent)`);
  if (role === 'outline') {
    // Teams recolours the outline icon, so it must be white on a transparent background.
    if (offColour > 0)
      problems.push(
        `${name}: ${offColour} visible pixels are not white; the outline icon may only use white and transparency`,
      );
    if (transparent === 0)
      problems.push(`${name} has no transparent pixels; the outline icon needs a transparent background`);
  }
  return problems;
}

/** Validates the files of an app package as Teams would receive them. */
export async function validateAppPackage(entries: readonly ZipEntry[]): Promise<ValidationReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const files = new Map(entries.map((e) => [e.name, e.data]));
  if (files.size !== entries.length) errors.push('the package has duplicate entries');
  for (const { name } of entries) {
    if (name.includes('/')) errors.push(`${name}: Teams wants every file at the root of the zip`);
  }
  const manifestFile = files.get('manifest.json');
  if (!manifestFile) return { errors: [...errors, 'the package has no manifest.json at its root'], warnings };

  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(manifestFile));
  } catch (err) {
    return { errors: [...errors, `manifest.json is not JSON: ${(err as Error).message}`], warnings };
  }
  const report = await validateManifest(manifest);
  errors.push(...report.errors);
  warnings.push(...report.warnings);
  if (report.errors.length > 0) return { errors, warnings };

  const m = manifest as IdsManifest;
  const referenced = new Set(['manifest.json']);
  const icons: Array<['color' | 'outline' | 'color32x32', string | undefined]> = [
    ['color', m.icons.color],
    ['outline', m.icons.outline],
    ['color32x32', m.icons.color32x32],
  ];
  for (const [role, name] of icons) {
    if (!name) continue;
    referenced.add(name);
    const file = files.get(name);
    if (!file) errors.push(`icons.${role} names ${name}, which is not in the package`);
    else errors.push(...(await iconProblems(role, name, file)));
  }
  for (const { languageTag, file } of m.localizationInfo?.additionalLanguages ?? []) {
    referenced.add(file);
    const data = files.get(file);
    if (!data) {
      errors.push(`localization ${languageTag} names ${file}, which is not in the package`);
      continue;
    }
    let localization: unknown;
    try {
      localization = JSON.parse(data.toString('utf8'));
    } catch (err) {
      errors.push(`${file} is not JSON: ${(err as Error).message}`);
      continue;
    }
    const loc = await validateLocalization(localization, m);
    errors.push(...loc.errors.map((e) => `${file}: ${e}`));
  }
  for (const name of files.keys()) {
    if (!referenced.has(name)) errors.push(`${name} is in the package but the manifest does not refer to it`);
  }
  return { errors, warnings };
}

export interface BuildResult {
  /** The zip, when the package is valid; undefined otherwise (and any older zip is removed). */
  readonly zipPath: string | undefined;
  /** Every file written, the zip last (when there is one). */
  readonly written: string[];
  readonly manifest: IdsManifest;
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Assembles the package, zips it, reads the zip back and validates what was read, so the
 * checks apply to the bytes that will be uploaded. Writes `<outDir>/ids-teams-app.zip` only
 * when there are no errors, with the loose files beside it to look at (also when the
 * manifest is invalid, to see why; not when the environment is, as they would show defaults).
 */
export async function buildAppPackage(env: ManifestEnv, outDir: string): Promise<BuildResult> {
  const assembled = await assembleAppPackage(env);
  const zipPath = join(outDir, PACKAGE_FILE);
  const written: string[] = [];
  const fail = async (errors: string[], warnings: string[]): Promise<BuildResult> => {
    // A stale package from an earlier, valid build must not pass for this one.
    await rm(zipPath, { force: true });
    return { zipPath: undefined, written, manifest: assembled.manifest, errors, warnings };
  };
  if (assembled.errors.length > 0) return fail(assembled.errors, assembled.warnings);

  const zip = writeZip(assembled.entries);
  const report = await validateAppPackage(readZip(zip));
  const warnings = [...assembled.warnings, ...report.warnings];
  await mkdir(outDir, { recursive: true });
  for (const { name, data } of assembled.entries) {
    const path = join(outDir, name);
    await writeFile(path, data);
    written.push(path);
  }
  if (report.errors.length > 0) return fail(report.errors, warnings);
  await writeFile(zipPath, zip);
  written.push(zipPath);
  return { zipPath, written, manifest: assembled.manifest, errors: [], warnings };
}
