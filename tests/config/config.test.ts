import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveManifestSettings } from '../../manifest/settings.js';
import { parseConfig, ConfigError } from '../../config/index.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP = '22222222-3333-4444-5555-666666666666';
const CLIENT = '33333333-4444-5555-6666-777777777777';
const VAULT_SECRET = 'from-the-vault-0123456789abcdefghijkl';
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://ids.example.nl/',
  MicrosoftAppId: APP,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  ENTRA_TENANT_ID: TENANT,
  ENTRA_CLIENT_ID: CLIENT,
  MONGODB_URI: 'mongodb+srv://u:p@cluster.example.net/',
  MEDIA_URL_SECRET: VAULT_SECRET,
};

describe('config', () => {
  it('uses the documented defaults in development', () => {
    const c = parseConfig({});
    expect(c.port).to.equal(3978);
    expect(c.dataDir).to.equal('./.data');
    expect(c.mongodbUri).to.equal(undefined);
    expect(c.seedDemo).to.equal(true);
    expect(c.orgTimezone).to.equal('Europe/Amsterdam');
    expect(c.defaultLocale).to.equal('nl');
    expect(c.devAuth).to.equal(true);
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.bot)).to.equal(true);
  });

  it('lists every problem at once', () => {
    try {
      parseConfig({ PORT: 'abc', ORG_TIMEZONE: 'Mars/Olympus', MONGODB_URI: 'postgres://x', DEFAULT_LOCALE: 'de' });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).to.match(/PORT/);
      expect(problems).to.match(/ORG_TIMEZONE/);
      expect(problems).to.match(/MONGODB_URI/);
      expect(problems).to.match(/DEFAULT_LOCALE/);
    }
  });

  it('refuses production without credentials, tenant, SSO client id and MONGODB_URI, naming each', () => {
    try {
      parseConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://ids.example.nl' });
      expect.fail('should have thrown');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of [
        'MicrosoftAppId',
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
        'ENTRA_TENANT_ID',
        'ENTRA_CLIENT_ID',
        'MONGODB_URI',
        'MEDIA_URL_SECRET',
      ]) {
        expect(problems).to.include(name);
      }
    }
  });

  it('starts production with everything set, without dev auth or demo seeding', () => {
    const c = parseConfig(PRODUCTION);
    expect(c.production).to.equal(true);
    expect(c.devAuth).to.equal(false);
    expect(c.seedDemo).to.equal(false);
    expect(c.publicUrl).to.equal('https://ids.example.nl');
  });

  it('never derives the media URL secret from public values', () => {
    const a = parseConfig({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT });
    const b = parseConfig({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT });
    expect(a.mediaUrlSecret).not.to.include(CLIENT);
    expect(a.mediaUrlSecret).not.to.equal(b.mediaUrlSecret);
    expect(a.mediaUrlSecret.length).to.be.at.least(32);
    expect(parseConfig({ MEDIA_URL_SECRET: VAULT_SECRET }).mediaUrlSecret).to.equal(VAULT_SECRET);
  });

  it('gives media URLs a key of their own: never the bot password, at least 32 characters', () => {
    const c = parseConfig({ MicrosoftAppId: APP, MicrosoftAppPassword: 'the-bot-password' });
    expect(c.mediaUrlSecret).not.to.equal('the-bot-password');
    expect(c.media.urlSecretConfigured).to.equal(false);
    expect(parseConfig({ MEDIA_URL_SECRET: VAULT_SECRET }).media.urlSecretConfigured).to.equal(true);
    expect(() => parseConfig({ MEDIA_URL_SECRET: 'short' }))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.satisfies((p: string[]) => p.some((x) => x.includes('MEDIA_URL_SECRET must be at least 32 characters')));
  });

  it('has upload limits and media lifetimes with documented defaults', () => {
    const { media } = parseConfig({});
    expect(media).to.deep.include({
      cardImageUrlDays: 90,
      quotaBytes: 250 * 1024 * 1024,
      uploadsPerPerson: 2,
      uploadsAtOnce: 32,
      unattachedHours: 6,
    });
    expect(parseConfig({ CARD_IMAGE_URL_DAYS: '7', MEDIA_QUOTA_MB: '100' }).media).to.deep.include({
      cardImageUrlDays: 7,
      quotaBytes: 100 * 1024 * 1024,
    });
    expect(() => parseConfig({ CARD_IMAGE_URL_DAYS: '36500' })).to.throw(ConfigError);
  });

  it('listens on localhost in development mode unless HOST says otherwise; on every interface in production', () => {
    expect(parseConfig({}).host).to.equal('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).to.equal('0.0.0.0');
    expect(parseConfig({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT }).host).to.equal('0.0.0.0');
    expect(parseConfig(PRODUCTION).host).to.equal('0.0.0.0');
  });

  it('trusts forwarded addresses from no proxy unless TRUSTED_PROXIES names them', () => {
    expect(parseConfig({}).trustedProxies).to.deep.equal([]);
    expect(parseConfig({ TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16 fd00::/8,loopback' }).trustedProxies).to.deep.equal([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
    try {
      parseConfig({ TRUSTED_PROXIES: 'proxy.example.nl, 10.0.0.0/33, 10.0.0.1/8/9' });
      expect.fail('should have thrown');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      for (const bad of ['proxy.example.nl', '10.0.0.0/33', '10.0.0.1/8/9']) expect(problems).to.include(`"${bad}"`);
    }
  });

  it('reads the nudge settings, with gentle defaults, and lists what is wrong with them', () => {
    expect(parseConfig({}).nudges).to.deep.equal({
      enabled: true,
      intervalMs: 60 * 60_000,
      periodDays: 14,
      threshold: 100,
      quietHours: { start: 17 * 60, end: 9 * 60 },
      ambassadorLists: false,
    });
    expect(
      parseConfig({ NUDGE_PERIOD_DAYS: '7', NUDGE_QUIET_HOURS: '18:30-08:00', AMBASSADOR_LISTS: 'on', NUDGES: 'off' })
        .nudges,
    ).to.deep.include({
      enabled: false,
      periodDays: 7,
      quietHours: { start: 18 * 60 + 30, end: 8 * 60 },
      ambassadorLists: true,
    });
    try {
      parseConfig({ NUDGE_QUIET_HOURS: 'nights', NUDGE_THRESHOLD: '0', NUDGE_PERIOD_DAYS: 'often' });
      expect.fail('should refuse');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).to.contain('NUDGE_QUIET_HOURS must look like 17:00-09:00');
      expect(problems).to.contain('NUDGE_THRESHOLD');
      expect(problems).to.contain('NUDGE_PERIOD_DAYS');
    }
  });

  it('keeps the Entra ID sync off unless ENTRA_SYNC is on, and then needs the Graph credentials', () => {
    const off = parseConfig({});
    expect(off.entraSync).to.equal(undefined);
    expect(off.mobileVisibility).to.equal('private');
    try {
      parseConfig({ ENTRA_SYNC: 'on', ENTRA_SYNC_STAFF_ATTRIBUTE: 'employeeType', MOBILE_VISIBILITY: 'everyone' });
      expect.fail('should refuse');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).to.include('ENTRA_SYNC_STAFF_ATTRIBUTE');
      expect(problems).to.include('MOBILE_VISIBILITY');
    }
    try {
      parseConfig({ ENTRA_SYNC: 'on' });
      expect.fail('should refuse');
    } catch (err) {
      expect((err as ConfigError).problems).to.deep.equal([
        'ENTRA_TENANT_ID is required when ENTRA_SYNC is on',
        'ENTRA_CLIENT_ID is required when ENTRA_SYNC is on',
        'ENTRA_CLIENT_SECRET is required when ENTRA_SYNC is on',
      ]);
    }
    const on = parseConfig({
      ENTRA_SYNC: 'on',
      ENTRA_TENANT_ID: TENANT,
      ENTRA_CLIENT_ID: CLIENT,
      ENTRA_CLIENT_SECRET: 's',
      ENTRA_SYNC_STAFF_ATTRIBUTE: 'employeeType=Medewerker',
      ENTRA_SYNC_INTERVAL_MINUTES: '30',
      MOBILE_VISIBILITY: 'organisation',
    });
    expect(on.entraSync).to.deep.equal({
      intervalMs: 30 * 60_000,
      staffGroupId: undefined,
      staffAttribute: { name: 'employeeType', value: 'Medewerker' },
      photoCheckMs: 24 * 3_600_000,
    });
    expect(on.mobileVisibility).to.equal('organisation');
  });

  it('turns off development auth as soon as SSO is configured', () => {
    const c = parseConfig({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT });
    expect(c.devAuth).to.equal(false);
  });

  it('says PUBLIC_URL is localhost on the port it listens on when unset (with PORT=3994, 3994)', () => {
    expect(parseConfig({ PORT: '3994' }).publicUrl).to.equal('http://localhost:3994');
    expect(parseConfig({}).publicUrl).to.equal('http://localhost:3978');
    expect(resolveManifestSettings({ PORT: '3994' }).settings.publicUrl).to.equal('http://localhost:3994');
  });

  it('takes an empty value (FOO= in a copied .env.example) as unset, so the default applies', () => {
    const c = parseConfig({ PORT: '', SEED_DEMO: '', HOST: '', MONGODB_URI: '', METRICS_PORT: '', PUBLIC_URL: ' ' });
    expect(c.port).to.equal(3978);
    expect(c.seedDemo).to.equal(true);
    expect(c.mongodbUri).to.equal(undefined);
    expect(c.operations.metricsPort).to.equal(undefined);
    expect(c.publicUrl).to.equal('http://localhost:3978');
  });

  it('checks the metrics settings: a long enough token, a port number', () => {
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).to.throw(/METRICS_TOKEN must be at least 16/);
    expect(() => parseConfig({ METRICS_PORT: '99999' })).to.throw(/METRICS_PORT must be a port/);
    const c = parseConfig({ METRICS_TOKEN: 'a-long-enough-metrics-token', METRICS_PORT: '9464' });
    expect(c.operations).to.include({
      metricsToken: 'a-long-enough-metrics-token',
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
    });
  });

  it('reads .env from where it runs (IDS_ENV_FILE names another), the environment winning', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ids-env-'));
    try {
      writeFileSync(path.join(dir, 'ids.env'), 'PORT=3994\nORG_TIMEZONE=Europe/Brussels\nDEFAULT_LOCALE=en\n');
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          "const { loadConfigOrExit } = await import('./config/index.ts'); const c = loadConfigOrExit(); console.log(JSON.stringify([c.port, c.publicUrl, c.orgTimezone, c.defaultLocale]))",
        ],
        {
          cwd: path.resolve(import.meta.dirname, '../..'),
          env: { PATH: process.env.PATH, IDS_ENV_FILE: path.join(dir, 'ids.env'), DEFAULT_LOCALE: 'nl' },
          encoding: 'utf8',
          timeout: 25_000,
        },
      );
      expect(r.stderr).to.equal('');
      expect(JSON.parse(r.stdout)).to.deep.equal([3994, 'http://localhost:3994', 'Europe/Brussels', 'nl']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with the list when the server is started with a bad environment', function () {
    this.timeout(30_000);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PUBLIC_URL: 'http://insecure.example',
        IDS_ENV_FILE: 'none',
      },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include('MONGODB_URI is required');
    expect(r.stderr).to.include('PUBLIC_URL must be https://');
    expect(r.stderr).to.include('.env.example');
  });
});
