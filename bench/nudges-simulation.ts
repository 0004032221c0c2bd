/**
 * Eight weeks of profile nudges over the demo organisation (450 people), with a fake clock.
 *
 *   npm run simulate:nudges                    # 8 weeks from Monday 13 April 2026, seed 12
 *   npm run simulate:nudges -- --weeks 4 --seed 7 --start 2026-09-07
 *
 * The whole product runs as `npm start` runs it (in-memory localdb, demo organisation seeded,
 * delivery worker on), against the Bot Connector stand-in with Teams' limits. The clock is fake
 * only for the nudge job: every simulated hour it calls the real job (services.nudges.runRound)
 * at that moment, waits until the real outbox and worker have delivered what it made, and lets a
 * seeded model of people answer the cards that arrived: filling in the asked field(s) in the card
 * (a real Action.Execute invoke to /api/messages; some type a malformed number first and are
 * refused), uploading a photo in the tab (PUT /api/me/photo) when that is what the card asks,
 * or opting out ("stop" in the chat, or the card's button). A communicator starts the department
 * challenge at the beginning. Figures are printed, never asserted (CONVENTIONS 11).
 */
import os from 'node:os';
import sharp from 'sharp';
import { Types } from 'mongoose';
import { startTestServer } from '../tests/support/server.js';
import { startBotConnector, TEAMS_LIMITS, type SentActivity } from '../tests/support/bot-connector.js';
import { postActivity, teamsMessage } from '../tests/support/activities.js';
import { createRandom } from '../demo/random.js';
import { DEMO_COMMUNICATOR_EMAIL, generateDemoOrganisation } from '../demo/index.js';
import { Person } from '../models/person.js';
import { Delivery } from '../models/delivery.js';
import { Department } from '../models/department.js';
import { closedReason } from '../core/nudges/calendar.js';
import { departmentLeaderboard, MIN_GROUP } from '../core/nudges/leaderboard.js';
import { COMPLETENESS_PROJECTION, scoreProfile } from '../core/nudges/completeness.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const WEEKS = Number(option('weeks', '8'));
const SEED = option('seed', '12');
/** A Monday; 00:00 in Amsterdam. The default spans King's Day, Liberation Day, Ascension and Whit Monday. */
const START = option('start', '2026-04-13');
const HOUR = 3_600_000;

const rnd = createRandom(`nudges-${SEED}`);

interface Traits {
  /** Chance to act on a nudge at all. */
  readonly responsive: number;
  /** Chance to switch nudges off when one arrives. */
  readonly grumpy: number;
  readonly fieldWorker: boolean;
}

async function main() {
  const started = Date.now();
  const connector = await startBotConnector({ limits: TEAMS_LIMITS });
  const server = await startTestServer({
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    DELIVERY_POLL_MS: '20',
    DELIVERY_RETRY_BASE_MS: '50',
    TEAMS_SERVICE_URL: connector.serviceUrl,
    NUDGE_PERIOD_DAYS: '14',
    NUDGE_THRESHOLD: '100',
    NUDGE_QUIET_HOURS: '17:00-09:00',
  });
  const stop = async () => {
    await server.stop();
    await connector.stop();
  };
  try {
    // The demo's photos (hasPhoto): `npm start` seeds without them; here they are marked as present,
    // since only their presence counts for completeness.
    const org = generateDemoOrganisation();
    const withPhoto = org.people.filter((p) => p.hasPhoto).map((p) => p.email);
    await Person.bulkWrite(
      withPhoto.map((email) => ({
        updateOne: { filter: { email, photoId: null }, update: { $set: { photoId: new Types.ObjectId() } } },
      })),
    );
    const people = await Person.find(
      { active: true },
      { displayName: 1, email: 1, aadObjectId: 1, officeLocation: 1 },
    ).lean();
    const byChat = new Map(people.map((p) => [`a:personal-${p._id}`, p]));
    const traits = new Map<string, Traits>();
    for (const p of people) {
      const fieldWorker = p.officeLocation === 'Gemeentewerf';
      traits.set(p._id.toString(), {
        responsive: rnd.chance(0.15) ? 0.05 : fieldWorker ? 0.45 : 0.65,
        grumpy: rnd.chance(0.1) ? 0.3 : 0.02,
        fieldWorker,
      });
    }
    const who = (p: (typeof people)[number]) => ({
      _id: p._id,
      displayName: p.displayName,
      aadObjectId: p.aadObjectId,
    });
    const send = (body: object) => postActivity(server.url, body);
    // Everyone has Ids installed (the app was pushed to the whole organisation).
    for (const p of people) {
      await send(
        teamsMessage(connector.serviceUrl, who(p), { type: 'installationUpdate', action: 'add', text: undefined }),
      );
    }
    const communicator = people.find((p) => p.email === DEMO_COMMUNICATOR_EMAIL)!;
    const campaign = await fetch(`${server.url}/api/campaigns`, {
      method: 'POST',
      headers: { 'x-ids-dev-user': communicator.email, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Smoothies' }),
    });
    if (campaign.status !== 201) throw new Error(`campaign: ${campaign.status}`);
    connector.clear();

    const departments = await Department.find({}, { name: 1 }).lean();
    const weekly: Array<Map<string, { share: number; average: number; people: number }>> = [];
    const orgWeekly: Array<{ share: number; average: number }> = [];
    async function snapshot() {
      const board = await departmentLeaderboard();
      weekly.push(
        new Map(
          board.departments.map((d) => [
            d.departmentId ?? 'folded',
            { share: d.completeShare, average: d.averageScore, people: d.people },
          ]),
        ),
      );
      orgWeekly.push({ share: board.organisation.completeShare, average: board.organisation.averageScore });
    }

    const nudges = new Map<string, number[]>(); // person → fake times of nudges received
    const optedOutAt = new Map<string, number>();
    const inClosed: number[] = [];
    let seen = 0;
    let rounds = 0;
    let openRounds = 0;
    const actions = { saved: 0, refused: 0, photos: 0, optOutStop: 0, optOutButton: 0, ignored: 0, challengeCards: 0 };
    const photo = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 60, g: 130, b: 90 } } })
      .jpeg()
      .toBuffer();

    const invoke = async (p: (typeof people)[number], verb: string, data: Record<string, unknown>) => {
      const res = await send(
        teamsMessage(connector.serviceUrl, who(p), {
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
      );
      return JSON.stringify(((await res.json()) as { value?: unknown }).value ?? {});
    };
    const valueFor = (field: string, r: typeof rnd) =>
      ({
        businessPhone: `0515 4${r.int(10000, 99999)}`,
        jobTitle: r.pick(['Medewerker', 'Adviseur', 'Coördinator', 'Beleidsmedewerker', 'Vakman groen']),
        skills: r
          .sample(['vergunningen', 'subsidies', 'snoeien', 'Excel', 'klantcontact', 'Omgevingswet'], 2)
          .join(', '),
        officeLocation: r.pick(['Gemeentehuis', 'Gemeentewerf', 'Stadskantoor']),
        bio: 'Bel me gerust als je vragen hebt over mijn werk.',
      })[field] ?? 'x';

    async function answer(card: SentActivity, at: number) {
      const p = byChat.get(card.conversationId);
      if (!p) return;
      const id = p._id.toString();
      const t = traits.get(id)!;
      const list = nudges.get(id) ?? [];
      list.push(at);
      nudges.set(id, list);
      if (closedReason(new Date(at), { timeZone: 'Europe/Amsterdam', quietHours: server.config.nudges.quietHours })) {
        inClosed.push(at);
      }
      const r = rnd.fork(`${id}-${list.length}`);
      if (r.chance(t.grumpy * (list.length >= 3 ? 2 : 1))) {
        optedOutAt.set(id, at);
        if (r.chance(0.5)) {
          await send(teamsMessage(connector.serviceUrl, who(p), { text: r.pick(['stop', 'geen herinneringen']) }));
          actions.optOutStop++;
        } else {
          await invoke(p, 'nudgeOptOut', {});
          actions.optOutButton++;
        }
        return;
      }
      if (!r.chance(t.responsive * (list.length === 1 ? 1 : 0.8))) {
        actions.ignored++;
        return;
      }
      const content = card.body.attachments?.[0]?.content as { body: Array<{ type: string; id?: string }> };
      let shown = content.body.filter((e) => e.type === 'Input.Text').map((e) => e.id!);
      const asksPhoto = JSON.stringify(content).includes('Een foto zet je');
      // Filling in the card, perhaps the next field the thanks card asks for too.
      for (let step = 0; step < 3 && shown.length; step++) {
        const data: Record<string, string | string[]> = { shown };
        for (const [i, f] of shown.entries()) if (i === 0 || r.chance(0.7)) data[f] = valueFor(f, r);
        if (data.businessPhone && r.chance(t.fieldWorker ? 0.2 : 0.08)) {
          const refused = await invoke(p, 'nudgeSave', { ...data, businessPhone: '0515-48' });
          if (refused.includes('Niet opgeslagen')) actions.refused++;
        }
        const thanks = await invoke(p, 'nudgeSave', data);
        if (thanks.includes('Dank je')) actions.saved++;
        const next = JSON.parse(thanks) as { body?: Array<{ type: string; id?: string }> };
        shown = (next.body ?? []).filter((e) => e.type === 'Input.Text').map((e) => e.id!);
        if (!r.chance(0.45)) break;
      }
      if (asksPhoto && r.chance(t.fieldWorker ? 0.35 : 0.55)) {
        const form = new FormData();
        form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'ik.jpg');
        const res = await fetch(`${server.url}/api/me/photo`, {
          method: 'PUT',
          headers: { 'x-ids-dev-user': p.email },
          body: form,
        });
        if (res.ok) actions.photos++;
      }
    }

    async function drained() {
      for (;;) {
        const pending = await Delivery.countDocuments({ kind: { $in: ['nudge', 'challenge'] }, status: 'pending' });
        if (pending === 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    const start = new Date(`${START}T00:00:00+02:00`).getTime();
    const end = start + WEEKS * 7 * 24 * HOUR;
    await snapshot();
    for (let at = start; at < end; at += HOUR) {
      if (at > start && (at - start) % (7 * 24 * HOUR) === 0) await snapshot();
      const round = await server.services.nudges.runRound(new Date(at));
      rounds++;
      if (!round.closed) openRounds++;
      await drained();
      const fresh = connector.sent.slice(seen);
      seen = connector.sent.length;
      for (const a of fresh) {
        const text = JSON.stringify(a.body.attachments?.[0]?.content ?? {});
        if (text.includes('"nudgeSave"') || text.includes('"nudgeOptOut"')) await answer(a, at);
        else if (text.includes('Afdeling compleet') || text.includes('Department complete')) actions.challengeCards++;
      }
      await drained();
      seen = connector.sent.length;
    }
    await snapshot();

    // Figures.
    const counts = people.map((p) => nudges.get(p._id.toString())?.length ?? 0);
    const afterOptOut = [...optedOutAt].filter(([id, t]) => (nudges.get(id) ?? []).some((n) => n > t)).length;
    const hist = new Map<number, number>();
    for (const c of counts) hist.set(c, (hist.get(c) ?? 0) + 1);
    const finalScores = (await Person.find({ active: true }, COMPLETENESS_PROJECTION).lean()).map((p) =>
      scoreProfile(p),
    );
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');

    const lines: string[] = [];
    lines.push(`$ npm run simulate:nudges -- --weeks ${WEEKS} --seed ${SEED} --start ${START}`);
    lines.push(
      `demo organisation: ${people.length} active people, ${departments.length} departments; node ${process.version}; load average ${load} (on ${os.cpus().length} cores)`,
    );
    lines.push(
      `fake clock: ${rounds} hourly rounds, ${openRounds} open (weekdays 09:00-17:00 Europe/Amsterdam, no holidays); wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    lines.push('');
    lines.push(
      `nudges sent: ${counts.reduce((a, b) => a + b, 0)}; per person: max ${Math.max(...counts)} (cap 4 in 8 weeks), distribution ${[
        ...hist,
      ]
        .sort((a, b) => a[0] - b[0])
        .map(([k, v]) => `${k}×${v}`)
        .join(', ')}`,
    );
    lines.push(
      `nudges in quiet hours, at weekends or on holidays: ${inClosed.length}; nudges after opt-out: ${afterOptOut} (of ${optedOutAt.size} who opted out: ${actions.optOutStop} by "stop", ${actions.optOutButton} by the button)`,
    );
    lines.push(
      `answers: ${actions.saved} cards saved, ${actions.refused} refused first (malformed number), ${actions.photos} photos uploaded in the tab, ${actions.ignored} nudges ignored`,
    );
    lines.push(`department challenge: ${actions.challengeCards} cards to the communication team`);
    lines.push(
      `complete profiles: ${orgWeekly[0]!.share}% at the start, ${orgWeekly.at(-1)!.share}% after ${WEEKS} weeks (mean score ${orgWeekly[0]!.average} → ${orgWeekly.at(-1)!.average}; ${finalScores.filter((c) => c.complete).length} of ${finalScores.length})`,
    );
    lines.push('');
    lines.push(`share of complete profiles per department per week, % (departments under ${MIN_GROUP} people folded):`);
    const weeksHeader = weekly.map((_, i) => `w${i}`.padStart(5)).join('');
    lines.push(`${'department'.padEnd(28)}${'people'.padStart(7)}${weeksHeader}   mean score`);
    const names = new Map(departments.map((d) => [d._id.toString(), d.name]));
    const keys = [...weekly[0]!.keys()].sort((a, b) => (names.get(a) ?? 'zz').localeCompare(names.get(b) ?? 'zz'));
    for (const key of keys) {
      const name = key === 'folded' ? 'smaller departments' : (names.get(key) ?? key);
      const row = weekly.map((w) => String(w.get(key)?.share ?? '-').padStart(5)).join('');
      lines.push(
        `${name.slice(0, 27).padEnd(28)}${String(weekly[0]!.get(key)?.people ?? '').padStart(7)}${row}   ${weekly[0]!.get(key)?.average} → ${weekly.at(-1)!.get(key)?.average}`,
      );
    }
    lines.push(
      `${'organisation'.padEnd(28)}${String(people.length).padStart(7)}${orgWeekly.map((o) => String(o.share).padStart(5)).join('')}   ${orgWeekly[0]!.average} → ${orgWeekly.at(-1)!.average}`,
    );
    console.log(lines.join('\n'));
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
