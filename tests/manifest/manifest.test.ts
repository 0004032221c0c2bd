import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { expect } from 'chai';
import sharp from 'sharp';
import {
  assembleAppPackage,
  buildAppPackage,
  buildManifest,
  validateAppPackage,
  validateLocalization,
  validateManifest,
  type BuildResult,
  type IdsManifest,
} from '../../manifest/build.js';
import { decodeImage, encodePng, renderIcons } from '../../manifest/icons.js';
import { iconProblems, readZip, type ZipEntry } from '../../manifest/package.js';
import { PLACEHOLDER_IDS, packageVersion, resolveManifestSettings } from '../../manifest/settings.js';

const ENV = {
  PUBLIC_URL: 'https://ids.gemeente-voorbeeld.nl/',
  TEAMS_APP_ID: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  MicrosoftAppId: '8c9a1d2e-5b6f-4a70-8e91-0a1b2c3d4e5f',
  ENTRA_CLIENT_ID: 'd4c3b2a1-0f9e-4d8c-b7a6-958473625140',
};
const HOST = 'ids.gemeente-voorbeeld.nl';
const EXPECTED_ENTRIES = ['manifest.json', 'en-US.json', 'color.png', 'outline.png'];

function entry(entries: readonly ZipEntry[], name: string): Buffer {
  const found = entries.find((e) => e.name === name);
  if (!found) throw new Error(`${name} is not in the package`);
  return found.data;
}

function json<T = Record<string, unknown>>(data: Buffer): T {
  return JSON.parse(data.toString('utf8')) as T;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('Teams app package (manifest/)', () => {
  let outDir: string;
  let result: BuildResult;
  let zip: Buffer;
  let entries: ZipEntry[];
  let manifest: IdsManifest;
  let english: Record<string, string>;

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ids-manifest-'));
    result = await buildAppPackage(ENV, outDir);
    expect(result.errors, 'build errors').to.deep.equal([]);
    zip = await readFile(result.zipPath!);
    entries = readZip(zip);
    manifest = json<IdsManifest>(entry(entries, 'manifest.json'));
    english = json<Record<string, string>>(entry(entries, 'en-US.json'));
  });

  after(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  describe('the package', () => {
    it('is written to <outDir>/ids-teams-app.zip with no warnings when the environment is complete', () => {
      expect(result.zipPath).to.equal(join(outDir, 'ids-teams-app.zip'));
      expect(result.warnings).to.deep.equal([]);
    });

    it('holds exactly manifest.json, en-US.json, color.png and outline.png at the zip root', () => {
      expect(entries.map((e) => e.name)).to.deep.equal(EXPECTED_ENTRIES);
    });

    it('reads back equal to the files it was built from, and to the loose copies beside it', async () => {
      const assembled = (await assembleAppPackage(ENV)).entries;
      expect(entries.map((e) => e.name)).to.deep.equal(assembled.map((e) => e.name));
      for (const { name, data } of assembled) {
        expect(entry(entries, name).equals(data), `${name} in the zip`).to.equal(true);
        expect((await readFile(join(outDir, name))).equals(data), `${name} on disk`).to.equal(true);
      }
    });

    it('is deterministic: the same environment gives the same bytes', async () => {
      const again = await mkdtemp(join(tmpdir(), 'ids-manifest-'));
      try {
        const second = await buildAppPackage(ENV, again);
        expect((await readFile(second.zipPath!)).equals(zip)).to.equal(true);
      } finally {
        await rm(again, { recursive: true, force: true });
      }
    });

    it('passes `unzip -t` (an independent zip reader)', function () {
      try {
        execFileSync('unzip', ['-v'], { stdio: 'ignore' });
      } catch {
        this.skip();
      }
      const out = execFileSync('unzip', ['-t', result.zipPath!], { encoding: 'utf8' });
      expect(out).to.match(/No errors detected/);
      for (const name of EXPECTED_ENTRIES)
        expect(out).to.match(new RegExp(`testing: ${name.replace('.', '\\.')}\\s+OK`));
    });

    it('is rejected when an icon is missing, a file is unreferenced or an entry sits in a folder', async () => {
      const withoutOutline = entries.filter((e) => e.name !== 'outline.png');
      expect((await validateAppPackage(withoutOutline)).errors).to.include(
        'icons.outline names outline.png, which is not in the package',
      );

      const extra = [...entries, { name: 'readme.txt', data: Buffer.from('hi') }];
      expect((await validateAppPackage(extra)).errors).to.include(
        'readme.txt is in the package but the manifest does not refer to it',
      );

      const nested = entries.map((e) => (e.name === 'color.png' ? { ...e, name: 'icons/color.png' } : e));
      const errors = (await validateAppPackage(nested)).errors;
      expect(errors).to.include('icons/color.png: Teams wants every file at the root of the zip');
      expect(errors).to.include('icons.color names color.png, which is not in the package');
    });
  });

  describe('schema validation (offline, @microsoft/app-manifest)', () => {
    it('targets manifest schema 1.25 with the matching $schema URL', () => {
      expect(manifest.manifestVersion).to.equal('1.25');
      expect(manifest.$schema).to.equal(
        'https://developer.microsoft.com/en-us/json-schemas/teams/v1.25/MicrosoftTeams.schema.json',
      );
    });

    it('the manifest in the zip validates against the Teams schema', async () => {
      expect(await validateManifest(manifest)).to.deep.equal({ errors: [], warnings: [] });
      // Straight through the package as well, without our wrapper in between.
      expect(await AppManifestUtils.validateAgainstSchema(manifest as AppManifest)).to.deep.equal([]);
    });

    it('would also validate as 1.30, the newest schema the package ships', async () => {
      const newest = {
        ...clone(manifest),
        manifestVersion: '1.30',
        $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
      };
      expect((await validateManifest(newest)).errors).to.deep.equal([]);
    });

    it('rejects a manifest that breaks the schema', async () => {
      const broken = clone(manifest) as unknown as Record<string, any>;
      delete broken.developer;
      broken.bots[0].botId = 'not-a-guid';
      broken.description.short = 'x'.repeat(81);
      broken.composeExtensions[0].commands[0].titel = 'typo';
      const { errors } = await validateManifest(broken);
      expect(
        errors.some((e) => /must have required property 'developer'/.test(e)),
        'developer',
      ).to.equal(true);
      expect(
        errors.some((e) => /\/bots\/0\/botId must match pattern/.test(e)),
        'botId',
      ).to.equal(true);
      expect(
        errors.some((e) => /\/description\/short must NOT have more than 80 characters/.test(e)),
        'short description',
      ).to.equal(true);
      expect(
        errors.some((e) => /additional properties.*titel/.test(e)),
        'unknown property',
      ).to.equal(true);
    });

    it('rejects a manifest whose manifestVersion does not match $schema, or whose $schema would need the network', async () => {
      expect((await validateManifest({ ...clone(manifest), manifestVersion: '1.24' })).errors).to.include(
        'manifestVersion 1.24 does not match $schema (v1.25)',
      );
      const remote = (await validateManifest({ ...clone(manifest), $schema: 'https://example.org/teams.schema.json' }))
        .errors;
      expect(remote).to.have.length(1);
      expect(remote[0]).to.match(/is not a Teams MicrosoftTeams\.schema\.json URL/);
    });

    it('rejects what the schema allows but Teams does not', async () => {
      const broken = clone(manifest);
      broken.validDomains = [`https://${HOST}`];
      broken.composeExtensions![0]!.botId = '11111111-1111-4111-8111-111111111111';
      broken.version = '1.0.0-beta.1';
      const { errors } = await validateManifest(broken);
      expect(errors).to.include(`validDomains entry https://${HOST} must be a host name only (no scheme, no path)`);
      expect(errors).to.include(`staticTabs[0].contentUrl is on ${HOST}, which is not in validDomains`);
      expect(errors).to.include(
        "validDomains must include token.botframework.com (the bot's sign-in cards load from there)",
      );
      expect(errors).to.include("composeExtensions[0].botId is not the bot's id: one bot serves both");
      expect(errors).to.include('version 1.0.0-beta.1 must be MAJOR.MINOR.PATCH (Teams rejects pre-release tags)');
    });
  });

  describe('content', () => {
    it('takes the ids and version from the environment and package.json', () => {
      expect(manifest.id).to.equal(ENV.TEAMS_APP_ID.toLowerCase());
      expect(manifest.version).to.equal(packageVersion());
      expect(manifest.bots![0]!.botId).to.equal(ENV.MicrosoftAppId);
      expect(manifest.composeExtensions![0]!.botId).to.equal(ENV.MicrosoftAppId);
    });

    it('puts validDomains on the PUBLIC_URL host (no scheme) and token.botframework.com', () => {
      expect(manifest.validDomains).to.deep.equal([HOST, 'token.botframework.com']);
      const withPort = buildManifest({ ...ENV, PUBLIC_URL: 'https://ids-test.example.nl:8443/ids' });
      expect(withPort.validDomains).to.deep.equal(['ids-test.example.nl:8443', 'token.botframework.com']);
      expect(withPort.staticTabs![0]!.contentUrl).to.equal(
        'https://ids-test.example.nl:8443/ids/tab?view=home&locale={locale}&theme={theme}',
      );
    });

    it('points webApplicationInfo at ENTRA_CLIENT_ID', () => {
      expect(manifest.webApplicationInfo).to.deep.equal({
        id: ENV.ENTRA_CLIENT_ID,
        resource: `api://${HOST}/${ENV.ENTRA_CLIENT_ID}`,
      });
    });

    it('has the bot in every scope with files, the personal tab, the configurable tab and the people search', () => {
      const bot = manifest.bots![0]!;
      expect(bot.scopes).to.deep.equal(['personal', 'team', 'groupChat']);
      expect(bot.supportsFiles).to.equal(true);
      expect(bot.isNotificationOnly).to.equal(false);
      expect(manifest.staticTabs!.map((t) => t.entityId)).to.deep.equal([
        'home',
        'search',
        'people',
        'groups',
        'profile',
        'conversations',
        'about',
      ]);
      expect(manifest.staticTabs![0]).to.include({
        name: 'Nieuws',
        contentUrl: `https://${HOST}/tab?view=home&locale={locale}&theme={theme}`,
        websiteUrl: `https://${HOST}/tab?view=home`,
      });
      expect(manifest.configurableTabs).to.deep.equal([
        { configurationUrl: `https://${HOST}/tab/config`, canUpdateConfiguration: true, scopes: ['team', 'groupChat'] },
      ]);
      const search = manifest.composeExtensions![0]!.commands![0]!;
      expect(search).to.include({ id: 'searchPeople', type: 'query', title: 'Collega zoeken', initialRun: false });
      expect(search.context).to.deep.equal(['compose', 'commandBox']);
      expect(search.parameters![0]).to.include({
        name: 'query',
        title: 'Naam, nummer of expertise',
        inputType: 'text',
      });
      expect(manifest.permissions).to.deep.equal(['identity', 'messageTeamMembers']);
      expect(manifest.developer).to.deep.equal({
        name: 'Gemeente Ids / Ids team',
        websiteUrl: `https://${HOST}/`,
        privacyUrl: `https://${HOST}/privacy`,
        termsOfUseUrl: `https://${HOST}/terms`,
      });
    });
  });

  describe('languages', () => {
    it('is Dutch by default', () => {
      expect(manifest.localizationInfo).to.deep.equal({
        defaultLanguageTag: 'nl-NL',
        additionalLanguages: [{ languageTag: 'en-US', file: 'en-US.json' }],
      });
      expect(manifest.name).to.deep.equal({ short: 'Ids', full: 'Ids – sociaal intranet' });
      expect(manifest.bots![0]!.commandLists![0]!.commands.map((c) => c.title)).to.deep.equal([
        'nummer van',
        'wie weet iets van',
        'nieuws',
        'vraag',
        'help',
      ]);
    });

    it('ships an English localization that validates against the localization schema', async () => {
      expect(english.$schema).to.equal(
        'https://developer.microsoft.com/en-us/json-schemas/teams/v1.25/MicrosoftTeams.Localization.schema.json',
      );
      expect(english['name.full']).to.equal('Ids – social intranet');
      expect(english['bots[0].commandLists[0].commands[0].title']).to.equal('number of');
      expect(english['composeExtensions[0].commands[0].title']).to.equal('Find a colleague');
      expect(await validateLocalization(english, manifest)).to.deep.equal({ errors: [], warnings: [] });
    });

    it('rejects a localization that is incomplete, names strings the manifest lacks, or breaks the schema', async () => {
      const broken = {
        ...english,
        'bots[0].commandLists[0].commands[7].title': 'ghost',
        'description.short': 'y'.repeat(81),
      };
      delete (broken as Record<string, string>)['composeExtensions[0].commands[0].parameters[0].title'];
      const { errors } = await validateLocalization(broken, manifest);
      expect(errors).to.include('bots[0].commandLists[0].commands[7].title is not a string in the manifest');
      expect(errors).to.include('composeExtensions[0].commands[0].parameters[0].title has no translation');
      expect(
        errors.some((e) => /description\.short must NOT have more than 80 characters/.test(e)),
        errors.join('\n'),
      ).to.equal(true);
    });
  });

  describe('icons', () => {
    it('color.png is a 192×192 PNG, fully opaque', async () => {
      const color = await decodeImage(entry(entries, 'color.png'));
      expect([color.format, color.width, color.height]).to.deep.equal(['png', 192, 192]);
      const translucent = color.data.filter((v, i) => i % 4 === 3 && v !== 255).length;
      expect(translucent, 'pixels that are not fully opaque').to.equal(0);
      expect(await iconProblems('color', 'color.png', entry(entries, 'color.png'))).to.deep.equal([]);
    });

    it('outline.png is a 32×32 PNG, white on transparent only', async () => {
      const outline = await decodeImage(entry(entries, 'outline.png'));
      expect([outline.format, outline.width, outline.height]).to.deep.equal(['png', 32, 32]);
      let visible = 0;
      let transparent = 0;
      for (let i = 0; i < outline.data.length; i += 4) {
        if (outline.data[i + 3] === 0) transparent++;
        else {
          visible++;
          expect([...outline.data.subarray(i, i + 3)], `pixel ${i / 4}`).to.deep.equal([255, 255, 255]);
        }
      }
      expect(visible).to.be.greaterThan(50);
      expect(transparent).to.be.greaterThan(500);
    });

    it('an outline icon with a coloured pixel, an icon of the wrong size or a JPEG is rejected', async () => {
      const outline = await decodeImage(entry(entries, 'outline.png'));
      const data = Uint8Array.from(outline.data);
      const firstVisible = data.findIndex((v, i) => i % 4 === 3 && v > 0) - 3;
      data.set([200, 200, 200], firstVisible);
      const grey = await encodePng({ width: 32, height: 32, data });
      expect(await iconProblems('outline', 'outline.png', grey)).to.deep.equal([
        'outline.png: 1 visible pixels are not white; the outline icon may only use white and transparency',
      ]);
      const small = await encodePng({ width: 96, height: 96, data: new Uint8Array(96 * 96 * 4).fill(255) });
      expect(await iconProblems('color', 'color.png', small)).to.deep.equal([
        'color.png is 96×96; the color icon must be 192×192',
      ]);
      const jpeg = await sharp(entry(entries, 'color.png')).jpeg().toBuffer();
      expect(await iconProblems('color', 'color.png', jpeg)).to.deep.equal(['color.png is jpeg; Teams wants PNG']);
      expect(await iconProblems('color', 'color.png', Buffer.from('not an image'))).to.have.length(1);
      const packaged = entries.map((e) => (e.name === 'outline.png' ? { ...e, data: grey } : e));
      expect((await validateAppPackage(packaged)).errors).to.have.length(1);
    });

    it("are made the same every time, the colour icon in the manifest's accent colour", async () => {
      const { branding } = resolveManifestSettings(ENV).settings;
      const again = await renderIcons(branding.icons, manifest.accentColor);
      expect(again['color.png']!.equals(entry(entries, 'color.png'))).to.equal(true);
      expect(again['outline.png']!.equals(entry(entries, 'outline.png'))).to.equal(true);
      const corner = (await decodeImage(again['color.png']!)).data.subarray(0, 4);
      expect([...corner]).to.deep.equal([0x0b, 0x6e, 0x79, 255]);
      expect(manifest.accentColor).to.equal('#0B6E79');
    });
  });

  describe("an organisation's own branding (TEAMS_APP_BRANDING)", () => {
    let dir: string;
    const branding = {
      name: {
        short: { nl: 'Het Plein', en: 'The Square' },
        full: { nl: 'Het Plein – intranet van Waterland', en: 'The Square – Waterland intranet' },
      },
      description: {
        short: { nl: 'Collega’s vinden en nieuws lezen.', en: 'Find colleagues and read the news.' },
        full: { nl: 'Het intranet van de gemeente Waterland, in Teams.', en: "Waterland's intranet, in Teams." },
      },
      developer: {
        name: 'Gemeente Waterland',
        websiteUrl: 'https://www.waterland.example/',
        privacyUrl: 'https://www.waterland.example/privacy',
        termsOfUseUrl: 'https://www.waterland.example/voorwaarden',
      },
      accentColor: '#c8102e',
      icons: { color: 'logo.png', outline: 'art/outline.svg' },
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ids-branding-'));
      // A designer's logo: a 512×512 PNG (scaled down), and an outline drawn in black (made white).
      await sharp({ create: { width: 512, height: 512, channels: 4, background: '#1f7a3a' } })
        .png()
        .toFile(join(dir, 'logo.png'));
      await mkdir(join(dir, 'art'));
      await writeFile(
        join(dir, 'art', 'outline.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="24" fill="#000"/></svg>',
      );
      await writeFile(join(dir, 'branding.json'), JSON.stringify(branding));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('names, describes and colours the app as the file says, in Dutch and English, with its icons', async () => {
      const out = join(dir, 'build');
      const built = await buildAppPackage({ ...ENV, TEAMS_APP_BRANDING: join(dir, 'branding.json') }, out);
      expect(built.errors).to.deep.equal([]);
      const files = readZip(await readFile(built.zipPath!));
      const own = json<IdsManifest>(entry(files, 'manifest.json'));
      expect(own.name).to.deep.equal({ short: 'Het Plein', full: 'Het Plein – intranet van Waterland' });
      expect(own.description).to.deep.equal({
        short: 'Collega’s vinden en nieuws lezen.',
        full: 'Het intranet van de gemeente Waterland, in Teams.',
      });
      expect(own.developer).to.deep.equal(branding.developer);
      expect(own.accentColor).to.equal('#C8102E');
      // The static tabs are named after what they show (News, Search, People, Groups, Profile).
      expect(own.staticTabs![0]!.name).to.equal('Nieuws');
      const en = json<Record<string, string>>(entry(files, 'en-US.json'));
      expect(en).to.include({
        'name.short': 'The Square',
        'name.full': 'The Square – Waterland intranet',
        'description.short': 'Find colleagues and read the news.',
        'staticTabs[0].name': 'News',
        'bots[0].commandLists[0].commands[4].description': 'What The Square can do for you',
      });
      expect(JSON.stringify(own) + JSON.stringify(en)).not.to.match(/\bIds\b/);

      const color = await decodeImage(entry(files, 'color.png'));
      expect([color.width, color.height]).to.deep.equal([192, 192]);
      expect([...color.data.subarray(0, 4)]).to.deep.equal([0x1f, 0x7a, 0x3a, 255]);
      const outline = await decodeImage(entry(files, 'outline.png'));
      const centre = (16 * 32 + 16) * 4;
      expect([...outline.data.subarray(centre, centre + 4)], 'the black circle, made white').to.deep.equal([
        255, 255, 255, 255,
      ]);
      expect(outline.data[3], 'a transparent corner').to.equal(0);
    });

    it("takes the demo's accent colour and icons, and Ids' own pages, for what the file leaves out", async () => {
      const { accentColor: _a, icons: _i, ...rest } = branding;
      const partial = { ...rest, developer: { name: 'Gemeente Waterland' } };
      await writeFile(join(dir, 'partial.json'), JSON.stringify(partial));
      const { settings, errors } = resolveManifestSettings({ ...ENV, TEAMS_APP_BRANDING: join(dir, 'partial.json') });
      expect(errors).to.deep.equal([]);
      expect(settings.branding.accentColor).to.equal('#0B6E79');
      expect(settings.branding.icons.color).to.match(/manifest\/icons\/color\.svg$/);
      expect(settings.branding.developer).to.deep.equal({
        name: 'Gemeente Waterland',
        websiteUrl: `https://${HOST}/`,
        privacyUrl: `https://${HOST}/privacy`,
        termsOfUseUrl: `https://${HOST}/terms`,
      });
    });

    it('lists every problem of a branding file, and builds nothing from it', async () => {
      const bad = {
        ...branding,
        name: { short: { nl: 'Een naam die veel te lang is voor Teams' }, full: branding.name.full },
        accentColor: 'red',
        developer: { ...branding.developer, privacyUrl: 'javascript:alert(1)' },
        icons: { color: 'missing.png', outline: 'art/outline.svg' },
        colour: '#fff',
      };
      await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
      const out = join(dir, 'bad-build');
      const built = await buildAppPackage({ ...ENV, TEAMS_APP_BRANDING: join(dir, 'bad.json') }, out);
      expect(built.zipPath).to.equal(undefined);
      const problems = built.errors.join('\n');
      expect(problems).to.include('name.short.en');
      expect(problems).to.include('accentColor must be a colour written #RRGGBB');
      expect(problems).to.include('developer.privacyUrl must be an http(s) URL');
      expect(problems).to.match(/Unrecognized key.*colour/);

      await writeFile(
        join(dir, 'no-icon.json'),
        JSON.stringify({ ...branding, icons: { ...branding.icons, color: 'gone.png' } }),
      );
      const { errors } = resolveManifestSettings({ ...ENV, TEAMS_APP_BRANDING: join(dir, 'no-icon.json') });
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/icons\.color .*gone\.png does not exist/);

      // The name too long for Teams is caught by the Teams schema once the file is well-formed.
      const long = { ...branding, name: { ...branding.name, short: { nl: 'x'.repeat(31), en: 'y' } } };
      await writeFile(join(dir, 'long.json'), JSON.stringify(long));
      const tooLong = await buildAppPackage({ ...ENV, TEAMS_APP_BRANDING: join(dir, 'long.json') }, out);
      expect(tooLong.errors.some((e) => /\/name\/short must NOT have more than 30 characters/.test(e))).to.equal(true);
    });

    it('with NODE_ENV=production wants https developer pages', async () => {
      const http = { ...branding, developer: { ...branding.developer, websiteUrl: 'http://www.waterland.example/' } };
      const file = join(dir, 'http.json');
      await writeFile(file, JSON.stringify(http));
      const { errors } = resolveManifestSettings({ ...ENV, NODE_ENV: 'production', TEAMS_APP_BRANDING: file });
      expect(errors).to.deep.equal([`developer.websiteUrl must be https:// when NODE_ENV=production (${file})`]);
    });
  });

  describe('environment', () => {
    it('without any variables builds a development package, with loud warnings and placeholder ids', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ids-manifest-'));
      try {
        const dev = await buildAppPackage({}, dir);
        expect(dev.errors).to.deep.equal([]);
        expect(dev.zipPath).to.be.a('string');
        expect(dev.manifest.id).to.equal(PLACEHOLDER_IDS.TEAMS_APP_ID);
        expect(dev.manifest.bots![0]!.botId).to.equal(PLACEHOLDER_IDS.MicrosoftAppId);
        expect(dev.manifest.webApplicationInfo!.id).to.equal(PLACEHOLDER_IDS.ENTRA_CLIENT_ID);
        expect(dev.manifest.validDomains).to.deep.equal(['localhost:3978', 'token.botframework.com']);
        const warnings = dev.warnings.join('\n');
        for (const name of ['TEAMS_APP_ID', 'MicrosoftAppId', 'ENTRA_CLIENT_ID'])
          expect(warnings).to.match(new RegExp(`${name} is not set: using the PLACEHOLDER`));
        expect(warnings).to.match(/PUBLIC_URL is not set/);
        expect(warnings).to.match(/not https, which Teams requires/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('with NODE_ENV=production refuses placeholders and http, and leaves no zip behind', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ids-manifest-'));
      try {
        await writeFile(join(dir, 'ids-teams-app.zip'), 'stale package from an earlier build');
        const prod = await buildAppPackage({ NODE_ENV: 'production', PUBLIC_URL: 'http://ids.example.nl' }, dir);
        expect(prod.zipPath).to.equal(undefined);
        expect(prod.errors).to.include.members([
          'PUBLIC_URL must be https:// when NODE_ENV=production',
          'TEAMS_APP_ID is required when NODE_ENV=production (the Teams app id (manifest id))',
          "MicrosoftAppId is required when NODE_ENV=production (the bot's Microsoft App ID (bots[0].botId and the message extension))",
          'ENTRA_CLIENT_ID is required when NODE_ENV=production (the Entra app registration for tab SSO (webApplicationInfo))',
        ]);
        expect(existsSync(join(dir, 'ids-teams-app.zip'))).to.equal(false);
        expect(prod.written, 'no loose files built from development defaults').to.deep.equal([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('lists every malformed variable', () => {
      let message = '';
      try {
        buildManifest({ ...ENV, TEAMS_APP_ID: 'ids', ENTRA_CLIENT_ID: 'x', PUBLIC_URL: 'ids.example.nl' });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.match(/^Cannot build the manifest:/);
      expect(message).to.include('PUBLIC_URL is not a URL: ids.example.nl');
      expect(message).to.include('TEAMS_APP_ID must be a GUID');
      expect(message).to.include('ENTRA_CLIENT_ID must be a GUID');
      expect(message).not.to.include('MicrosoftAppId');
    });
  });
});
