import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import mongoose, { type Types } from 'mongoose';
import { startTestServer, type TestServer } from '../support/server.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { aCast, actingAs, type Cast } from '../support/social.js';
import { aDepartment, aGroup, aPerson } from '../support/factories.js';
import { jpegWithGps } from '../support/social-files.js';
import { ownTempFiles } from '../support/uploads.js';
import { validateCard } from '../../cards/validate.js';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
import { Post } from '../../models/post.js';

type Lean = { _id: Types.ObjectId; email: string; displayName: string; aadObjectId?: string | null };

/** The social side of the bot, end to end over /api/messages: news, questions, photos. */
describe('bot: news, questions and photos (end to end)', function () {
  this.timeout(30000);
  let server: TestServer;
  let connector: BotConnectorStandIn;
  let cast: Cast;
  let asker: Lean;
  let files: http.Server;
  let filesUrl: string;
  const served = new Map<string, { type: string; body: Buffer }>();

  before(async function () {
    this.timeout(120000);
    connector = await startBotConnector();
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
    // Someone without roles, known by aadObjectId, in a department of their own, in two ordinary groups (to post a photo in).
    asker = await aPerson({ aadObjectId: randomUUID(), department: await aDepartment({ name: 'Wijkteams' }) });
    await aGroup({ name: 'Bomenploeg', members: [asker] });
    await aGroup({ name: 'Fietsclub', members: [asker] });
    files = http.createServer((req, res) => {
      const f = served.get(req.url ?? '');
      if (!f) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length });
      res.end(f.body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
    await new Promise((r) => files?.close(r));
  });
  beforeEach(() => connector.clear());

  const activity = (overrides: Record<string, unknown> = {}, who: Lean = asker) =>
    teamsMessage(connector.serviceUrl, who, overrides);
  const send = async (body: object) => {
    const res = await postActivity(server.url, body);
    expect(res.status).to.equal(200);
  };
  const cardOf = (sent: { body: Record<string, any> }) => {
    const att = sent.body.attachments?.[0];
    expect(att?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(validateCard(att.content).warnings).to.deep.equal([]);
    return att.content;
  };
  const as = (who: Cast[keyof Cast] | string) => actingAs(server.url, who as never);

  describe('"nieuws"', () => {
    let orgNews: string;
    let hostileNews: string;
    let closedNews: string;
    let otherDeptNews: string;

    before(async () => {
      orgNews = (
        await as(cast.communicator)
          .post('/api/posts', {
            kind: 'news',
            title: 'Nieuwe koffieautomaat',
            summary: 'Op de eerste verdieping.',
            body: 'x',
          })
          .expect(201)
      ).body.id;
      hostileNews = (
        await as(cast.communicator)
          .post('/api/posts', {
            kind: 'news',
            title: '[Klik](javascript:alert(1)) <script>alert(2)</script>',
            body: '<img src=x onerror=alert(3)> [hier](javascript:alert(4)) **vet**',
          })
          .expect(201)
      ).body.id;
      closedNews = (
        await as(cast.communicator)
          .post('/api/posts', {
            kind: 'news',
            title: 'Alleen MT',
            body: 'geheim',
            audience: { groupIds: [cast.closedGroupId] },
          })
          .expect(201)
      ).body.id;
      otherDeptNews = (
        await as(cast.manager)
          .post('/api/posts', { kind: 'department', title: 'Alleen afdeling', body: 'x' })
          .expect(201)
      ).body.id;
    });

    it('answers with a news list card of organisation and own-department news, with "Lees meer" into the tab', async () => {
      await send(activity({ text: 'nieuws' }));
      const [reply] = await connector.waitFor(1);
      const card = cardOf(reply!);
      const json = JSON.stringify(card);
      expect(json).to.include('Het laatste nieuws');
      expect(json).to.include('Lees meer');
      expect(json).to.include(`https://ids.test.example/tab?post=${hostileNews}`);
      expect(json).to.not.include(closedNews);
      expect(json).to.not.include('Alleen MT');
      expect(json).to.not.include(otherDeptNews);
      // Hostile text arrives as text: no link syntax, no HTML, no script scheme.
      expect(json).to.not.match(/javascript:|<script|<img|\]\(/i);
      void orgNews;
    });

    it('answers in English to English', async () => {
      await send(activity({ text: 'news', locale: 'en-US' }));
      const [reply] = await connector.waitFor(1);
      const json = JSON.stringify(cardOf(reply!));
      expect(json).to.include('The latest news');
      expect(json).to.include('Read more');
    });

    it('in a channel, shows only news every colleague may read', async () => {
      const member = (await Person.findById(cast.manager.id).lean()) as Lean;
      await send(
        activity(
          {
            text: 'nieuws',
            conversation: {
              id: '19:channel@thread.tacv2',
              conversationType: 'channel',
              isGroup: true,
              tenantId: 'tenant-1',
            },
          },
          member,
        ),
      );
      const [reply] = await connector.waitFor(1);
      const json = JSON.stringify(cardOf(reply!));
      expect(json).to.not.include('Alleen afdeling');
    });
  });

  describe('"vraag: …"', () => {
    it('posts the question to the Q&A group, confirms, and the asker hears of the first answer', async () => {
      await send(activity({ text: 'vraag: waar ligt de sleutel van de fietsenstalling?' }));
      const [reply] = await connector.waitFor(1);
      expect(reply!.body.text).to.match(/Je vraag staat in .*Vraag Ids/);
      const question = await Post.findOne({ kind: 'question', authorId: asker._id }).sort({ publishedAt: -1 }).lean();
      expect(question!.body).to.match(/^waar ligt de sleutel van de fietsenstalling\??$/);
      expect(question!.groupId!.toString()).to.equal(cast.qaGroupId);

      // An answer in the tab → core's hook → bot/messenger.ts → a proactive message on the
      // conversation the bot saved when the asker wrote to it.
      connector.clear();
      const answered = await actingAs(server.url, cast.colleague).post(`/api/posts/${question!._id}/comments`, {
        body: 'Bij de **receptie**.',
      });
      expect(answered.status).to.equal(201);
      const [notice] = await connector.waitFor(1);
      expect(notice!.conversationId).to.equal(`a:personal-${asker._id}`);
      expect(notice!.body.text).to.include('heeft je vraag');
      expect(notice!.body.text).to.include('Bij de');
      expect(notice!.body.text).to.include(`https://ids.test.example/tab?question=${question!._id}`);
    });

    it('asks what the question is when there is none', async () => {
      const before = await Post.countDocuments({ kind: 'question' });
      await send(activity({ text: 'vraag:' }));
      const [reply] = await connector.waitFor(1);
      expect(reply!.body.text).to.match(/^Wat wil je vragen\?/);
      expect(await Post.countDocuments({ kind: 'question' })).to.equal(before);
    });

    it('says a question is too long (not "what do you want to ask?"), in Dutch and in English', async () => {
      const before = await Post.countDocuments({ kind: 'question' });
      await send(activity({ text: `vraag: ${'waarom '.repeat(300)}` }));
      const [nl] = await connector.waitFor(1);
      expect(nl!.body.text).to.equal(
        'Je vraag is te lang: hoogstens 2000 tekens. Maak hem korter, of stel hem in de Ids-tab.',
      );
      connector.clear();
      await send(activity({ text: `question: ${'why '.repeat(600)}`, locale: 'en-GB' }));
      const [en] = await connector.waitFor(1);
      expect(en!.body.text).to.equal(
        'Your question is too long: at most 2000 characters. Shorten it, or ask it in the Ids tab.',
      );
      expect(await Post.countDocuments({ kind: 'question' })).to.equal(before);
      // A refusal is no fault: nothing logged at error level.
      expect(server.logLines.filter((l) => JSON.parse(l).level >= 50)).to.deep.equal([]);
    });
  });

  describe('a photo sent in a personal chat', () => {
    it("is offered for posting to one of the person's groups, and posted with its caption on submit", async () => {
      served.set('/foto.jpg', { type: 'image/jpeg', body: await jpegWithGps(1000, 750) });
      await send(
        activity({
          text: '',
          attachments: [{ contentType: 'image/jpeg', contentUrl: `${filesUrl}/foto.jpg`, name: 'foto.jpg' }],
        }),
      );
      const [offer] = await connector.waitFor(1);
      const card = cardOf(offer!);
      const choice = card.body.find((e: { type: string }) => e.type === 'Input.ChoiceSet');
      const myGroups = await Group.find({ kind: 'group', members: asker._id }).lean();
      expect(choice.choices.map((c: { value: string }) => c.value).sort()).to.deep.equal(
        myGroups.map((g) => g._id.toString()).sort(),
      );
      const submit = card.actions[0];
      expect(submit.data.verb).to.equal('postPhoto');
      const image = card.body.find((e: { type: string }) => e.type === 'Image');
      expect(image.url).to.match(/^https:\/\/ids\.test\.example\/api\/m\//);

      connector.clear();
      const groupId = choice.choices[0].value;
      await send(activity({ value: { ...submit.data, groupId, caption: 'Nieuwe bomen aan de **Kade**' } }));
      const [done] = await connector.waitFor(1);
      expect(done!.body.text).to.match(/Je foto staat in/);
      const post = await Post.findOne({ kind: 'group', groupId, authorId: asker._id }).sort({ publishedAt: -1 }).lean();
      expect(post!.body).to.equal('Nieuwe bomen aan de **Kade**');
      expect(post!.attachments).to.have.length(1);
      const file = await as(asker.email)
        .get(`/api/media/${post!.attachments[0]!.fileId}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect((await sharp(file.body as Buffer).metadata()).exif).to.equal(undefined);

      // The same card submitted twice does not post twice.
      connector.clear();
      await send(activity({ value: { ...submit.data, groupId, caption: 'nog eens' } }));
      const [again] = await connector.waitFor(1);
      expect(again!.body.text).to.match(/niet meer beschikbaar/);
    });

    it('refuses a file that only claims to be an image', async () => {
      served.set('/nep.jpg', { type: 'image/jpeg', body: Buffer.from('<html>not an image</html>') });
      await send(
        activity({
          text: '',
          attachments: [{ contentType: 'image/jpeg', contentUrl: `${filesUrl}/nep.jpg`, name: 'nep.jpg' }],
        }),
      );
      const [reply] = await connector.waitFor(1);
      expect(reply!.body.text).to.match(/JPEG-, PNG- of WebP-foto/);
    });

    it('accepts a Teams file attachment (file.download.info) too', async () => {
      served.set('/bestand.png', {
        type: 'application/octet-stream',
        body: await sharp({ create: { width: 50, height: 50, channels: 3, background: '#888' } })
          .png()
          .toBuffer(),
      });
      await send(
        activity({
          text: '',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.file.download.info',
              name: 'bestand.png',
              content: { downloadUrl: `${filesUrl}/bestand.png`, fileType: 'png' },
            },
          ],
        }),
      );
      const [offer] = await connector.waitFor(1);
      cardOf(offer!);
    });

    it('a postPhoto submit for a group the person is not in is refused', async () => {
      served.set('/f2.jpg', { type: 'image/jpeg', body: await jpegWithGps(200, 200) });
      await send(
        activity({ text: '', attachments: [{ contentType: 'image/jpeg', contentUrl: `${filesUrl}/f2.jpg` }] }),
      );
      const [offer] = await connector.waitFor(1);
      const data = cardOf(offer!).actions[0].data;
      connector.clear();
      await send(activity({ value: { ...data, groupId: cast.closedGroupId, caption: 'x' } }));
      const [reply] = await connector.waitFor(1);
      expect(reply!.body.text).to.match(/Kies een groep/);
      expect(await Post.countDocuments({ groupId: cast.closedGroupId, authorId: asker._id })).to.equal(0);
    });

    it('goes the way of every upload: counted in the quota (a full one is said so), turned upright, no temporary file left', async () => {
      const files = mongoose.connection.db!.collection('media.files');
      // What the asker already stores: one large file (its record is what the quota counts).
      const { insertedId } = await files.insertOne({
        length: 300 * 1024 * 1024,
        chunkSize: 261120,
        uploadDate: new Date(),
        filename: 'archief.pdf',
        metadata: {
          ownerId: asker._id,
          kind: 'document',
          role: 'original',
          contentType: 'application/pdf',
          originalName: 'archief.pdf',
          postId: null,
        },
      });
      served.set('/vol.jpg', { type: 'image/jpeg', body: await jpegWithGps(300, 200) });
      try {
        await send(
          activity({ text: '', attachments: [{ contentType: 'image/jpeg', contentUrl: `${filesUrl}/vol.jpg` }] }),
        );
        const [reply] = await connector.waitFor(1);
        expect(reply!.body.text).to.match(/^Je opslagruimte in Ids is vol/);
      } finally {
        await files.deleteOne({ _id: insertedId });
      }

      connector.clear();
      const sideways = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#363' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      served.set('/staand.jpg', { type: 'image/jpeg', body: sideways });
      await send(
        activity({ text: '', attachments: [{ contentType: 'image/jpeg', contentUrl: `${filesUrl}/staand.jpg` }] }),
      );
      const [offer] = await connector.waitFor(1);
      const card = cardOf(offer!);
      const stored = await files.findOne({ _id: new mongoose.Types.ObjectId(String(card.actions[0].data.mediaId)) });
      expect([stored!.metadata.width, stored!.metadata.height]).to.deep.equal([400, 600]);
      // Teams fetches a card's image each time the card is shown: its URL lasts CARD_IMAGE_URL_DAYS (90).
      const image = card.body.find((e: { type: string }) => e.type === 'Image');
      const expires = Number(new URL(image.url).pathname.split('/').pop()!.split('.')[1]);
      expect(expires - Date.now() / 1000).to.be.within(89.9 * 86400, 90 * 86400);
      expect(await ownTempFiles()).to.deep.equal([]);
    });
  });
});
