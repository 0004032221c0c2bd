import { expect } from 'chai';
import type { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  startBotConnector,
  TEAMS_LIMITS,
  type BotConnectorStandIn,
  type SentActivity,
} from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { actingAs } from '../support/social.js';
import { aDepartment, aPerson, type DepartmentRecord, type PersonRecord } from '../support/factories.js';
import { validateCard } from '../../cards/validate.js';
import { ConversationRef, Delivery } from '../../models/delivery.js';
import { Post } from '../../models/post.js';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
import pino from 'pino';
import { appGraphClient, startGraphStandIn, type GraphStandIn } from '../support/graph.js';
import { EntraDirectory, type EntraUser } from '../support/graph-directory.js';
import { syncFromEntra } from '../../core/people/entra-sync.js';
import { runDueFanouts } from '../../core/delivery/fanout.js';

/**
 * Department news as cards, driven from outside: install events at /api/messages, publishing
 * through the API, cards arriving at the Bot Connector stand-in (with Teams' rate limits), the
 * acknowledgement invoke, read receipts, and the report's figures, through the failures Teams
 * answers with.
 */
describe('delivery: news cards end to end', function () {
  this.timeout(60000);
  let connector: BotConnectorStandIn;
  let server: TestServer;
  let communicator: PersonRecord;

  const env = (serviceUrl: string) => ({
    SEED_DEMO: 'false',
    DELIVERY_POLL_MS: '50',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_AUTH_PAUSE_SECONDS: '0.5',
    TEAMS_SERVICE_URL: serviceUrl,
  });

  before(async () => {
    connector = await startBotConnector({ limits: TEAMS_LIMITS });
    server = await startTestServer(env(connector.serviceUrl));
    communicator = await aPerson({ roles: ['communicator'], aadObjectId: 'aad-communicator' });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(() => connector.clear());

  const as = (who: PersonRecord) => actingAs(server.url, who.email);
  const chatOf = (who: { _id: Types.ObjectId }) => `a:personal-${who._id}`;
  const send = async (body: object) => {
    const res = await postActivity(server.url, body);
    expect(res.status, await res.clone().text()).to.equal(200);
    return res;
  };
  const install = async (who: PersonRecord) => {
    await send(teamsMessage(connector.serviceUrl, who, { type: 'installationUpdate', action: 'add', text: undefined }));
  };
  /** Colleagues in one department, each with Ids installed in their personal chat. */
  async function team(n: number, dept?: DepartmentRecord): Promise<{ dept: DepartmentRecord; people: PersonRecord[] }> {
    const d = dept ?? (await aDepartment());
    const people: PersonRecord[] = [];
    for (let i = 0; i < n; i++) {
      const p = await aPerson({ department: d, aadObjectId: `aad-${d._id}-${i}` });
      await install(p);
      people.push(p);
    }
    connector.clear();
    return { dept: d, people };
  }
  const newsCards = (title: string) => connector.sent.filter((a) => a.body.summary?.endsWith(title));
  const publish = async (body: Record<string, unknown>, who: PersonRecord = communicator) =>
    (
      await as(who)
        .post('/api/posts', { kind: 'department', body: 'Meer informatie in de tab.', notify: true, ...body })
        .expect(201)
    ).body;
  const report = async (postId: string, who: PersonRecord = communicator) =>
    (await as(who).get(`/api/posts/${postId}/delivery`).expect(200)).body;
  async function settled(postId: string, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await Delivery.countDocuments({ postId, queued: true });
      const post = await Post.findById(postId, { fanoutDue: 1, status: 1 }).lean();
      if (pending === 0 && !post?.fanoutDue && post?.status === 'published') return;
      if (Date.now() > deadline) throw new Error(`deliveries of ${postId} still pending`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const cardOf = (a: SentActivity) => {
    const attachment = a.body.attachments?.[0];
    expect(attachment?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(validateCard(attachment.content).warnings).to.deep.equal([]);
    return attachment.content;
  };

  describe('installations', () => {
    it('remembers a personal install for the person it matches, and marks an uninstall', async () => {
      const p = await aPerson({ aadObjectId: 'aad-install-1' });
      await install(p);
      const ref = await ConversationRef.findOne({ conversationId: chatOf(p) }).lean();
      expect(ref).to.include({ kind: 'personal', state: 'active', teamsUserId: `29:user-${p._id}` });
      expect(ref?.personId?.toString()).to.equal(p._id.toString());
      expect(ref?.serviceUrl).to.equal(connector.serviceUrl);
      await send(
        teamsMessage(connector.serviceUrl, p, { type: 'installationUpdate', action: 'remove', text: undefined }),
      );
      expect((await ConversationRef.findOne({ conversationId: chatOf(p) }).lean())?.state).to.equal('uninstalled');
      await install(p);
      expect((await ConversationRef.findOne({ conversationId: chatOf(p) }).lean())?.state).to.equal('active');
    });

    it('matches someone not yet bound by Entra id through the email the Bot Connector returns', async () => {
      const p = await aPerson({ email: `e-${Date.now()}@ids.test` });
      const oid = `aad-by-email-${Date.now()}`;
      connector.members.set(`29:user-${p._id}`, { id: `29:user-${p._id}`, aadObjectId: oid, email: p.email });
      await install({ ...p, aadObjectId: oid });
      const ref = await ConversationRef.findOne({ conversationId: chatOf(p) }).lean();
      expect(ref?.personId?.toString()).to.equal(p._id.toString());
      expect((await Person.findById(p._id).lean())?.aadObjectId).to.equal(oid);
    });

    it('remembers a team channel when Ids is added to a team, and forgets it when removed', async () => {
      const p = await aPerson({ aadObjectId: 'aad-team-1' });
      const channel = {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:ids-bot' }, { id: '29:new-member', aadObjectId: 'aad-team-1' }],
        conversation: {
          id: '19:general-x@thread.tacv2',
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant-1',
        },
        channelData: {
          tenant: { id: 'tenant-1' },
          team: { id: '19:team-x@thread.tacv2' },
          channel: { id: '19:general-x@thread.tacv2' },
        },
      };
      await send(teamsMessage(connector.serviceUrl, p, channel));
      const ref = await ConversationRef.findOne({ conversationId: '19:general-x@thread.tacv2' }).lean();
      expect(ref).to.include({ kind: 'channel', state: 'active', teamId: '19:team-x@thread.tacv2' });
      // The colleague listed as joining the team can now be reached by Teams id.
      expect((await Person.findById(p._id).lean())?.teamsUserId).to.equal('29:new-member');
      await send(
        teamsMessage(connector.serviceUrl, p, { ...channel, membersAdded: [], membersRemoved: [{ id: '28:ids-bot' }] }),
      );
      expect((await ConversationRef.findOne({ conversationId: '19:general-x@thread.tacv2' }).lean())?.state).to.equal(
        'uninstalled',
      );
    });
  });

  describe('publishing with notify', () => {
    it('sends one card to each active person in the audience, and a second fan-out sends nothing more', async () => {
      const { dept, people } = await team(4);
      const inactive = await aPerson({ department: dept, aadObjectId: `aad-inactive-${dept._id}`, active: false });
      const outsider = (await team(1)).people[0]!;
      const post = await publish({
        title: 'Nieuwe openingstijden',
        audience: { departmentIds: [dept._id.toString()] },
      });
      expect(post).to.include({ status: 'published', notify: true });
      await settled(post.id);
      const cards = newsCards('Nieuwe openingstijden');
      expect(cards.map((c) => c.conversationId).sort()).to.deep.equal(people.map(chatOf).sort());
      const card = cardOf(cards[0]!);
      expect(JSON.stringify(card)).to.include(`Nieuws van ${dept.name}`);
      expect(
        cards.some((c) => c.conversationId === chatOf(outsider) || c.conversationId === chatOf(inactive)),
      ).to.equal(false);

      // A rerun (another instance, a retried job) finds every delivery made already.
      await Post.updateOne({ _id: post.id }, { $set: { fanoutDue: true } });
      await settled(post.id);
      await new Promise((r) => setTimeout(r, 200));
      expect(newsCards('Nieuwe openingstijden')).to.have.length(4);
      expect(await Delivery.countDocuments({ postId: post.id })).to.equal(4);

      const figures = await report(post.id);
      expect(figures.totals).to.include({ audience: 4, sent: 4, pending: 0, failed: 0, notInstalled: 0 });
      expect(figures.seenIsLowerBound).to.equal(true);
    });

    it('starts the cards of a published post when notify is switched on later, and never calls them off', async () => {
      const { dept, people } = await team(2);
      const post = await publish({
        title: 'Later aan',
        notify: false,
        audience: { departmentIds: [dept._id.toString()] },
      });
      const on = (await as(communicator).patch(`/api/posts/${post.id}`, { notify: true }).expect(200)).body;
      expect(on.notify).to.equal(true);
      await settled(post.id);
      expect(
        newsCards('Later aan')
          .map((c) => c.conversationId)
          .sort(),
      ).to.deep.equal(people.map(chatOf).sort());
      const off = await as(communicator).patch(`/api/posts/${post.id}`, { notify: false }).expect(400);
      expect(off.body.error.message).to.equal('De kaartjes van dit bericht zijn al onderweg.');
      await as(communicator)
        .patch(`/api/posts/${post.id}`, { publishAt: new Date(Date.now() + 3600_000).toISOString() })
        .expect(400);
    });

    it('sends nothing without notify, and only news can notify', async () => {
      const { dept } = await team(1);
      const post = await publish({
        title: 'Stil bericht',
        notify: false,
        audience: { departmentIds: [dept._id.toString()] },
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(newsCards('Stil bericht')).to.deep.equal([]);
      expect(await Delivery.countDocuments({ postId: post.id })).to.equal(0);
      const group = await Group.create({
        name: 'Fietsclub',
        slug: `fietsclub-${Date.now()}`,
        members: [communicator._id],
      });
      await as(communicator)
        .post('/api/posts', { kind: 'group', groupId: group._id.toString(), body: 'x', notify: true })
        .expect(400);
    });
  });

  describe('acknowledgement', () => {
    it('acknowledges through Action.Execute on the card, through the API, idempotently, and reports who has not', async () => {
      const { dept, people } = await team(3);
      const [a, b, c] = people as [PersonRecord, PersonRecord, PersonRecord];
      const post = await publish({
        title: 'Nieuw verlofbeleid',
        requiresAck: true,
        audience: { departmentIds: [dept._id.toString()] },
      });
      await settled(post.id);
      const card = cardOf(newsCards('Nieuw verlofbeleid').find((x) => x.conversationId === chatOf(a))!);
      expect(card.actions.map((x: { type: string }) => x.type)).to.deep.equal(['Action.OpenUrl', 'Action.Execute']);
      expect(card.refresh.action.verb).to.equal('refreshPost');

      const invoke = (who: PersonRecord, verb: string) =>
        send(
          teamsMessage(connector.serviceUrl, who, {
            type: 'invoke',
            name: 'adaptiveCard/action',
            text: undefined,
            value: {
              action: { type: 'Action.Execute', verb, data: { postId: post.id } },
              trigger: verb === 'ackPost' ? 'manual' : 'automatic',
            },
          }),
        );
      const answered = await (await invoke(a, 'ackPost')).json();
      expect(answered.statusCode).to.equal(200);
      expect(answered.type).to.equal('application/vnd.microsoft.card.adaptive');
      expect(validateCard(answered.value).warnings).to.deep.equal([]);
      expect(JSON.stringify(answered.value)).to.include('Je hebt bevestigd');
      expect(JSON.stringify(answered.value)).to.not.include('Action.Execute","title');

      const first = (await as(b).post(`/api/posts/${post.id}/ack`).expect(200)).body.acknowledgedAt;
      const again = (await as(b).post(`/api/posts/${post.id}/ack`).expect(200)).body.acknowledgedAt;
      expect(again).to.equal(first);
      expect((await as(b).get(`/api/posts/${post.id}`).expect(200)).body.acknowledgedAt).to.equal(first);
      // The feed tells each their own: b liked and acknowledged it, a only acknowledged it, c did neither.
      await as(b).put(`/api/posts/${post.id}/like`).expect(200);
      const inFeed = async (who: PersonRecord) => {
        const page = (await as(who).get('/api/feed').expect(200)).body;
        return [...page.pinned, ...page.posts].find((p: { id: string }) => p.id === post.id);
      };
      expect(await inFeed(b)).to.include({ likedByMe: true, acknowledgedAt: first });
      expect(await inFeed(c)).to.include({ likedByMe: false, acknowledgedAt: null });
      // a acknowledged it on the card and never liked it.
      expect(await inFeed(a))
        .to.include({ likedByMe: false })
        .and.to.have.property('acknowledgedAt')
        .that.is.a('string');

      // Teams refreshes c's card as it shows it: still asking, and counted as seen.
      const refreshed = await (await invoke(c, 'refreshPost')).json();
      expect(JSON.stringify(refreshed.value)).to.include('Ik heb dit gelezen');

      const figures = await report(post.id);
      expect(figures.totals).to.include({ audience: 3, sent: 3, acknowledged: 2, read: 2 });
      expect(figures.totals.seen).to.be.at.least(2);
      expect(figures.notAcknowledged.map((p: { id: string }) => p.id)).to.deep.equal([c._id.toString()]);
    });

    it('refuses to acknowledge what does not ask for it (400) or cannot be read (404)', async () => {
      const { dept, people } = await team(1);
      const plain = await publish({
        title: 'Gewoon nieuws',
        notify: false,
        audience: { departmentIds: [dept._id.toString()] },
      });
      const res = await as(people[0]!).post(`/api/posts/${plain.id}/ack`).expect(400);
      expect(res.body.error.code).to.equal('bad_request');
      const other = await aDepartment();
      const hidden = await publish({
        title: 'Andere afdeling',
        notify: false,
        requiresAck: true,
        audience: { departmentIds: [other._id.toString()] },
      });
      await as(people[0]!).post(`/api/posts/${hidden.id}/ack`).expect(404);
      await as(people[0]!).post('/api/posts/65f0c0ffee0000000000abcd/ack').expect(404);
    });

    it('counts Teams read receipts: every card up to the last read message is seen', async () => {
      const { dept, people } = await team(2);
      const post = await publish({ title: 'Gelezen?', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      const mine = newsCards('Gelezen?').find((x) => x.conversationId === chatOf(people[0]!))!;
      await send(
        teamsMessage(connector.serviceUrl, people[0]!, {
          type: 'event',
          name: 'application/vnd.microsoft.readReceipt',
          text: undefined,
          value: { lastReadMessageId: String(Number(mine.id) + 5) },
        }),
      );
      expect((await report(post.id)).totals.seen).to.equal(1);
    });
  });

  describe("Teams' failures", () => {
    it('records a blocked bot (403) and a gone conversation (404) with their reasons, and marks the chats dead', async () => {
      const { dept, people } = await team(3);
      connector.block(chatOf(people[0]!), 'ConversationBlockedByUser');
      connector.block(chatOf(people[1]!), 'ConversationNotFound');
      const post = await publish({ title: 'Met fouten', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      const figures = await report(post.id);
      expect(figures.totals).to.include({ audience: 3, sent: 1, failed: 2 });
      expect(figures.totals.failedByReason).to.deep.equal({ blocked: 1, conversation_gone: 1 });
      const ref = await ConversationRef.findOne({ conversationId: chatOf(people[0]!) }).lean();
      expect(ref?.state).to.equal('dead');
      expect(ref?.stateReason).to.match(/^blocked: 403 ConversationBlockedByUser/);
    });

    it('honours Retry-After on 429: nothing is sent until it has passed, then the card arrives', async () => {
      const { dept } = await team(2);
      connector.inject({ status: 429, retryAfter: 1, ops: ['send'] });
      const post = await publish({ title: 'Even wachten', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      const throttled = connector.requests.find((r) => r.status === 429)!;
      // A send already on its way may still leave; nothing new goes out before Retry-After has passed.
      const sends = connector.requests.filter((r) => r.op === 'send' && r.at > throttled.at + 100);
      expect(sends.length).to.be.greaterThan(0);
      expect(sends.every((r) => r.at - throttled.at >= 990)).to.equal(true);
      const again = connector.requests.find(
        (r) => r.op === 'send' && r.at > throttled.at && r.conversationId === throttled.conversationId,
      )!;
      expect(again.at - throttled.at).to.be.at.least(990);
      expect(newsCards('Even wachten')).to.have.length(2);
      expect((await report(post.id)).totals).to.include({ sent: 2, failed: 0 });
    });

    it('waits out 429s however many one card meets (more than 20), and still delivers it', async () => {
      // Throttling gives up by how long it lasted (hours), not by a count of 429s: the bench's
      // faults run lost cards that met 20 of them in 25 s.
      const { dept, people } = await team(2);
      connector.inject({ status: 429, retryAfter: 0, count: 24, ops: ['send'], conversationId: chatOf(people[0]!) });
      const post = await publish({ title: 'Volhouden', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id, 40000);
      const throttled = connector.requests.filter((r) => r.status === 429 && r.conversationId === chatOf(people[0]!));
      expect(throttled.length).to.be.at.least(24);
      expect(
        newsCards('Volhouden')
          .map((a) => a.conversationId)
          .sort(),
      ).to.deep.equal(people.map(chatOf).sort());
      expect((await report(post.id)).totals).to.include({ sent: 2, failed: 0 });
    });

    it('retries 5xx with backoff, and reports a possible duplicate when Teams took the card before failing', async () => {
      const { dept, people } = await team(2);
      connector.inject({ status: 503, count: 2, ops: ['send'], conversationId: chatOf(people[0]!) });
      connector.inject({ status: 502, afterAccept: true, ops: ['send'], conversationId: chatOf(people[1]!) });
      const post = await publish({ title: 'Storing', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      const attempts = connector.requests.filter((r) => r.op === 'send' && r.conversationId === chatOf(people[0]!));
      expect(attempts.map((r) => r.status)).to.deep.equal([503, 503, 200]);
      expect(newsCards('Storing').filter((c) => c.conversationId === chatOf(people[1]!))).to.have.length(2);
      // The worker cannot tell a 5xx that took the card from one that did not: each counts as a
      // possible duplicate (an upper bound; here one card really arrived twice).
      const figures = await report(post.id);
      expect(figures.totals).to.include({ sent: 2, failed: 0, possibleDuplicates: 3 });
    });

    it('pauses every delivery on 401 (the bot secret) instead of failing them, and says so', async () => {
      const { dept } = await team(2);
      connector.inject({ status: 401, code: 'Unauthorized', ops: ['send'] });
      const post = await publish({ title: 'Sleutel verlopen', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      expect(server.logLines.some((l) => l.includes('401') && l.includes('paused'))).to.equal(true);
      const unauthorized = connector.requests.find((r) => r.status === 401)!;
      const sends = connector.requests.filter((r) => r.op === 'send' && r.at > unauthorized.at + 100);
      expect(sends.every((r) => r.at - unauthorized.at >= 450)).to.equal(true);
      const again = connector.requests.find(
        (r) => r.op === 'send' && r.at > unauthorized.at && r.conversationId === unauthorized.conversationId,
      )!;
      expect(again.at - unauthorized.at).to.be.at.least(450);
      expect((await report(post.id)).totals).to.include({ sent: 2, failed: 0 });
    });

    it('opens the chat itself where Ids is installed but was never used; records "not installed" otherwise; retries on request', async () => {
      const dept = await aDepartment();
      const known = await aPerson({ department: dept, aadObjectId: `aad-known-${dept._id}` });
      await Person.updateOne({ _id: known._id }, { $set: { teamsUserId: `29:known-${dept._id}` } });
      const stranger = await aPerson({ department: dept, aadObjectId: `aad-stranger-${dept._id}` });
      connector.installedFor = new Set([`29:known-${dept._id}`]);
      try {
        const post = await publish({ title: 'Nieuw hier', audience: { departmentIds: [dept._id.toString()] } });
        await settled(post.id);
        expect(newsCards('Nieuw hier').map((c) => c.conversationId)).to.deep.equal([`a:personal-29:known-${dept._id}`]);
        const figures = await report(post.id);
        expect(figures.totals).to.include({ audience: 2, sent: 1, notInstalled: 1, failed: 0 });

        // The stranger installs Ids; the communicator retries the failed ones.
        await install(stranger);
        const retried = (await as(communicator).post(`/api/posts/${post.id}/delivery/retry`).expect(200)).body;
        expect(retried).to.deep.equal({ retried: 1 });
        await settled(post.id);
        expect(newsCards('Nieuw hier').some((c) => c.conversationId === chatOf(stranger))).to.equal(true);
        expect((await report(post.id)).totals).to.include({ sent: 2, notInstalled: 0 });
      } finally {
        connector.installedFor = undefined;
      }
    });
  });

  describe('scheduled, edited and deleted posts', () => {
    it('keeps a scheduled post out of every feed until its time, then publishes and delivers it', async () => {
      const { dept, people } = await team(1);
      const publishAt = new Date(Date.now() + 3600_000).toISOString();
      const post = await publish({ title: 'Straks', publishAt, audience: { departmentIds: [dept._id.toString()] } });
      expect(post.status).to.equal('scheduled');
      expect(post.publishAt).to.equal(publishAt);
      const reader = as(people[0]!);
      await reader.get(`/api/posts/${post.id}`).expect(404);
      expect(JSON.stringify((await reader.get('/api/feed').expect(200)).body)).to.not.include(post.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(newsCards('Straks')).to.deep.equal([]);
      // The hour passes.
      await Post.updateOne({ _id: post.id }, { $set: { publishAt: new Date() } });
      await settled(post.id, 10000);
      expect(newsCards('Straks')).to.have.length(1);
      expect((await reader.get(`/api/posts/${post.id}`).expect(200)).body.status).to.equal('published');
      expect(JSON.stringify((await reader.get('/api/feed').expect(200)).body)).to.include(post.id);
    });

    it('keeps a draft for its author, and sends its cards once published', async () => {
      const { dept, people } = await team(1);
      const draft = await publish({
        title: 'Concept',
        status: 'draft',
        audience: { departmentIds: [dept._id.toString()] },
      });
      expect(draft.status).to.equal('draft');
      await as(people[0]!).get(`/api/posts/${draft.id}`).expect(404);
      const published = (await as(communicator).patch(`/api/posts/${draft.id}`, { status: 'published' }).expect(200))
        .body;
      expect(published.status).to.equal('published');
      await settled(draft.id);
      expect(newsCards('Concept')).to.have.length(1);
    });

    it('updates every sent card when the post is edited, and deletes them when it is deleted', async () => {
      const { dept, people } = await team(2);
      const post = await publish({ title: 'Eerste versie', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      const sent = newsCards('Eerste versie');
      expect(sent).to.have.length(2);
      await as(communicator).patch(`/api/posts/${post.id}`, { title: 'Tweede versie' }).expect(200);
      await connector.until(() => connector.updates.length >= 2, 10000, 'two card updates');
      expect(connector.updates.map((u) => u.id).sort()).to.deep.equal(sent.map((s) => s.id).sort());
      expect(JSON.stringify(connector.updates[0]!.body)).to.include('Tweede versie');
      await as(communicator).delete(`/api/posts/${post.id}`).expect(204);
      await connector.until(() => connector.deleted.length >= 2, 10000, 'two card deletions');
      expect(connector.deleted.map((d) => d.id).sort()).to.deep.equal(sent.map((s) => s.id).sort());
      expect(people).to.have.length(2);
    });
    it('follows an edit that lands while the card is on its way with an update of that card', async () => {
      const { dept, people } = await team(1);
      connector.inject({ status: 200, delayMs: 1000, ops: ['send'] });
      const post = await publish({ title: 'Onderweg', audience: { departmentIds: [dept._id.toString()] } });
      await connector.until(
        () => connector.requests.some((r) => r.op === 'send' && r.conversationId === chatOf(people[0]!)),
        10000,
        'the send',
      );
      // Teams has the card but has not answered yet: the post is edited now.
      await as(communicator).patch(`/api/posts/${post.id}`, { title: 'Onderweg (bijgewerkt)' }).expect(200);
      await connector.until(() => connector.updates.length >= 1, 10000, 'an update');
      expect(connector.updates[0]!.id).to.equal(connector.sent[0]!.id);
      expect(JSON.stringify(connector.updates[0]!.body)).to.include('Onderweg (bijgewerkt)');
    });
  });

  describe('channels', () => {
    it('a team channel that follows a department ("@Ids volg …") gets its news cards, without the personal ack button', async () => {
      const { dept } = await team(1);
      const member = await aPerson({ aadObjectId: `aad-channel-${dept._id}` });
      const inChannel = {
        conversation: {
          id: `19:ch-${dept._id}@thread.tacv2;messageid=1`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant-1',
        },
        channelData: {
          tenant: { id: 'tenant-1' },
          team: { id: '19:team@thread.tacv2' },
          channel: { id: `19:ch-${dept._id}@thread.tacv2` },
        },
      };
      await send(teamsMessage(connector.serviceUrl, member, { ...inChannel, text: `<at>Ids</at> volg ${dept.name}` }));
      await connector.waitFor(1);
      expect(connector.sent[0]!.body.text).to.equal(`Dit kanaal volgt nu het nieuws van ${dept.name}.`);
      connector.clear();
      const post = await publish({
        title: 'Voor het kanaal',
        requiresAck: true,
        audience: { departmentIds: [dept._id.toString()] },
      });
      await settled(post.id);
      const channelCard = newsCards('Voor het kanaal').find(
        (c) => c.conversationId === `19:ch-${dept._id}@thread.tacv2`,
      );
      expect(channelCard).to.not.equal(undefined);
      const json = JSON.stringify(cardOf(channelCard!));
      expect(json).to.not.include('Action.Execute');
      expect(json).to.include('Bevestig in Ids');
      expect((await report(post.id)).channels).to.deep.equal({ total: 1, sent: 1, pending: 0, failed: 0 });
    });
    it('suggests the department meant when "@Ids volg …" names none exactly', async () => {
      const dept = await aDepartment({ name: `Wijkteams Zuidwest ${Date.now()}` });
      const member = await aPerson({ aadObjectId: `aad-typo-${dept._id}` });
      const channelId = `19:typo-${dept._id}@thread.tacv2`;
      const say = async (text: string) => {
        connector.clear();
        await send(
          teamsMessage(connector.serviceUrl, member, {
            conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
            channelData: {
              tenant: { id: 'tenant-1' },
              team: { id: '19:team-typo@thread.tacv2' },
              channel: { id: channelId },
            },
            text: `<at>Ids</at> ${text}`,
          }),
        );
        return (await connector.waitFor(1))[0]!.body.text as string;
      };
      // A word of the name, with a slip of the finger.
      expect(await say('volg zuidwst')).to.equal(`Ik ken geen afdeling ‘zuidwst’. Bedoel je ‘${dept.name}’?`);
      expect(await say('volg qqqxyz')).to.match(/^Ik ken geen afdeling ‘qqqxyz’\. Schrijf de naam zoals in Ids/);
      expect(
        await ConversationRef.countDocuments({ conversationId: channelId, followsDepartmentIds: dept._id }),
      ).to.equal(0);
      expect(await say(`volg ${dept.name}`)).to.equal(`Dit kanaal volgt nu het nieuws van ${dept.name}.`);
    });

    it("the channel tab's setting: team members choose the departments a channel follows", async () => {
      const dept = await aDepartment();
      const member = await aPerson({ aadObjectId: `aad-member-${dept._id}` });
      const stranger = await aPerson({ aadObjectId: `aad-stranger-tab-${dept._id}` });
      const channelId = `19:tab-${dept._id}@thread.tacv2`;
      await send(
        teamsMessage(connector.serviceUrl, member, {
          type: 'conversationUpdate',
          text: undefined,
          membersAdded: [{ id: '28:ids-bot' }],
          conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
          channelData: {
            tenant: { id: 'tenant-1' },
            team: { id: `19:team-${dept._id}@thread.tacv2` },
            channel: { id: channelId },
          },
        }),
      );
      connector.members.set(member.aadObjectId!, { id: `29:${member._id}`, aadObjectId: member.aadObjectId! });
      const path = `/api/channels/${encodeURIComponent(channelId)}/follows`;
      expect((await as(member).get(path).expect(200)).body).to.deep.equal({ channelId, departments: [] });
      const set = await as(member)
        .put(path)
        .send({ departmentIds: [dept._id.toString()] })
        .expect(200);
      expect(set.body.departments).to.deep.equal([{ id: dept._id.toString(), name: dept.name }]);
      // The member look-up went to Teams, for the team.
      expect(
        connector.requests.some((r) => r.op === 'member' && r.conversationId === `19:team-${dept._id}@thread.tacv2`),
      ).to.equal(true);
      await as(stranger).get(path).expect(403);
      await as(member)
        .get(`/api/channels/${encodeURIComponent('19:nowhere@thread.tacv2')}/follows`)
        .expect(404);
      await as(member)
        .put(path)
        .send({ departmentIds: ['65f0c0ffee0000000000abcd'] })
        .expect(404);
    });
  });

  describe('people who left the organisation (the Entra ID sync made them inactive)', () => {
    let graph: GraphStandIn;
    let entra: EntraDirectory;
    before(async () => {
      graph = await startGraphStandIn();
      entra = new EntraDirectory();
      graph.use(entra.routes);
    });
    after(() => graph?.stop());

    /** One run of the sync as `npm run sync:entra` does it, against the Graph stand-in. */
    const sync = () =>
      syncFromEntra({
        graph: appGraphClient(graph),
        settings: { photoCheckMs: 0 },
        log: pino({ level: 'silent' }),
        uploads: server.services.uploads,
      });
    /** Colleagues of one department in Entra, brought in by the sync, each with Ids installed. */
    async function staff(department: string, n: number): Promise<Array<{ user: EntraUser; person: PersonRecord }>> {
      const users = Array.from({ length: n }, (_, i) =>
        entra.addUser({ displayName: `${department} ${i}`, department }),
      );
      await sync();
      const out = [];
      for (const user of users) {
        const person = (await Person.findOne({ aadObjectId: user.id }).lean()) as unknown as PersonRecord;
        await install(person);
        out.push({ user, person });
      }
      connector.clear();
      return out;
    }
    const departmentOf = async (p: PersonRecord) =>
      (await Person.findById(p._id, { departmentId: 1 }).lean())!.departmentId!.toString();

    it('makes no delivery for someone removed or disabled in Entra before the post was published', async () => {
      const people = await staff(`Leerplicht ${Date.now()}`, 6);
      const [removed, disabled] = people;
      entra.deleteUser(removed!.user.id);
      entra.updateUser(disabled!.user.id, { accountEnabled: false });
      expect(await sync()).to.include({ deactivated: 2 });

      const post = await publish({
        title: 'Na het vertrek',
        audience: { departmentIds: [await departmentOf(people[0]!.person)] },
      });
      await settled(post.id);
      const stayed = people.slice(2).map((p) => chatOf(p.person));
      expect(
        newsCards('Na het vertrek')
          .map((c) => c.conversationId)
          .sort(),
      ).to.deep.equal(stayed.sort());
      expect(await Delivery.countDocuments({ postId: post.id, personId: removed!.person._id })).to.equal(0);
      expect(await Delivery.countDocuments({ postId: post.id, personId: disabled!.person._id })).to.equal(0);
      expect((await report(post.id)).totals).to.include({ audience: 4, sent: 4, skipped: 0 });
    });

    it('does not send a queued card to someone who left before it went out, and no longer asks them to acknowledge', async () => {
      const people = await staff(`Vergunningen ${Date.now()}`, 6);
      const [leftEarly, leftLater] = people;
      const worker = server.services.delivery.worker!;
      await worker.stop();
      try {
        const post = await publish({
          title: 'In de wachtrij',
          requiresAck: true,
          audience: { departmentIds: [await departmentOf(people[0]!.person)] },
        });
        // The outbox is filled while everyone is still there; nothing has gone out yet.
        await runDueFanouts();
        expect(await Delivery.countDocuments({ postId: post.id, status: 'pending' })).to.equal(6);
        expect(newsCards('In de wachtrij')).to.have.length(0);

        entra.deleteUser(leftEarly!.user.id);
        expect(await sync()).to.include({ deactivated: 1 });
        worker.start();
        await settled(post.id);
        expect(
          newsCards('In de wachtrij')
            .map((c) => c.conversationId)
            .sort(),
        ).to.deep.equal(
          people
            .slice(1)
            .map((p) => chatOf(p.person))
            .sort(),
        );
        const skipped = await Delivery.findOne({ postId: post.id, personId: leftEarly!.person._id }).lean();
        expect(skipped).to.include({ status: 'skipped', lastError: 'inactive' });

        // Someone who got the card and left afterwards cannot acknowledge any more: not listed.
        entra.updateUser(leftLater!.user.id, { accountEnabled: false });
        expect(await sync()).to.include({ deactivated: 1 });
        const figures = await report(post.id);
        expect(figures.totals).to.include({ audience: 6, sent: 5, skipped: 1, pending: 0, failed: 0 });
        const listed = figures.notAcknowledged.map((p: { id: string }) => p.id).sort();
        expect(listed).to.deep.equal(
          people
            .slice(2)
            .map((p) => p.person._id.toString())
            .sort(),
        );
      } finally {
        worker.start();
      }
    });
  });

  describe('the report', () => {
    it('is for the author and communicators only, folds departments under 5, and exports as CSV', async () => {
      const big = await team(5);
      const small = await team(2);
      const post = await publish({
        title: 'Iedereen',
        audience: { departmentIds: [big.dept._id.toString(), small.dept._id.toString()] },
      });
      await settled(post.id);
      const figures = await report(post.id);
      expect(figures.departments.map((d: { id: string | null; audience: number }) => [d.id, d.audience])).to.deep.equal(
        [
          [big.dept._id.toString(), 5],
          [null, 2],
        ],
      );
      await as(big.people[0]!).get(`/api/posts/${post.id}/delivery`).expect(403);
      expect((await as(big.people[0]!).get(`/api/posts/${post.id}`).expect(200)).body.can.viewDelivery).to.equal(false);
      expect((await as(communicator).get(`/api/posts/${post.id}`).expect(200)).body.can.viewDelivery).to.equal(true);

      const csv = await as(communicator).get(`/api/posts/${post.id}/delivery?format=csv`).expect(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).to.equal(
        'afdeling;ontvangers;bezorgd;onderweg;niet bezorgd;niet geïnstalleerd;overgeslagen;gezien (minstens);geopend;bevestigd',
      );
      expect(lines.at(-1)).to.match(/^Totaal;7;7;0;0;0;0;/);
      const byAccept = await as(communicator)
        .get(`/api/posts/${post.id}/delivery`)
        .set('accept', 'text/csv')
        .expect(200);
      expect(byAccept.text).to.equal(csv.text);
    });

    it('answers "status van mijn bericht" in the personal chat with a card of recent posts and their figures', async () => {
      const { dept } = await team(1);
      await install(communicator);
      const post = await publish({ title: 'Statusbericht', audience: { departmentIds: [dept._id.toString()] } });
      await settled(post.id);
      connector.clear();
      await send(teamsMessage(connector.serviceUrl, communicator, { text: 'status van mijn bericht' }));
      const [reply] = await connector.waitFor(1);
      const json = JSON.stringify(cardOf(reply!));
      expect(json).to.include('Status van je berichten');
      expect(json).to.include('Statusbericht');
      expect(json).to.include('Bezorgd');
    });
  });
});
