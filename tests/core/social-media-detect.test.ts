import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import { detectType, sniffKind, zipEntryNames, DOCX, XLSX, PDF, JPEG, PNG, WEBP } from '../../core/media/detect.js';
import { signMediaToken, verifyMediaToken } from '../../core/media/signed.js';
import { decodeCursor, encodeCursor } from '../../core/feed/cursor.js';
import { Types } from 'mongoose';
import { makeZip } from '../support/social-files.js';

describe('social: media types by content', () => {
  it('recognises images by their bytes', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00f' } })
      .webp()
      .toBuffer();
    expect(detectType(jpeg)).to.equal(JPEG);
    expect(detectType(png)).to.equal(PNG);
    expect(detectType(webp)).to.equal(WEBP);
    expect(sniffKind(jpeg)).to.equal('image');
  });

  it('recognises pdf, docx and xlsx, and refuses other zips and text', () => {
    expect(detectType(Buffer.from('%PDF-1.7\n...'))).to.equal(PDF);
    const docx = makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    const xlsx = makeZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
    expect(zipEntryNames(docx)).to.deep.equal(['[Content_Types].xml', 'word/document.xml']);
    expect(detectType(docx)).to.equal(DOCX);
    expect(detectType(xlsx)).to.equal(XLSX);
    expect(detectType(makeZip({ 'evil.exe': 'MZ' }))).to.equal(undefined);
    expect(detectType(makeZip({ 'word/document.xml': 'x' }))).to.equal(undefined);
    expect(detectType(Buffer.from('<html><script>alert(1)</script></html>'))).to.equal(undefined);
    expect(detectType(Buffer.from('MZ\x90\x00'))).to.equal(undefined);
    expect(detectType(Buffer.alloc(0))).to.equal(undefined);
  });
});

describe('social: signed media tokens', () => {
  const id = new Types.ObjectId();
  const DAY = 24 * 3600;
  const cap = { maxLifetimeSeconds: 30 * DAY };
  it('verifies its own token until it expires (the tab gets 15 minutes by default)', () => {
    const now = Date.now();
    const token = signMediaToken(id, 'secret', { now });
    expect(verifyMediaToken(token, 'secret', { ...cap, now })?.toString()).to.equal(id.toString());
    expect(verifyMediaToken(token, 'secret', { ...cap, now: now + 14 * 60_000 })?.toString()).to.equal(id.toString());
    expect(verifyMediaToken(token, 'secret', { ...cap, now: now + 16 * 60_000 })).to.equal(undefined);
  });
  it('refuses another secret, another file and tampering', () => {
    const token = signMediaToken(id, 'secret');
    expect(verifyMediaToken(token, 'other', cap)).to.equal(undefined);
    const other = new Types.ObjectId().toString();
    expect(verifyMediaToken(token.replace(id.toString(), other), 'secret', cap)).to.equal(undefined);
    const [fid, exp, mac] = token.split('.');
    expect(verifyMediaToken(`${fid}.${Number(exp) + 3600}.${mac}`, 'secret', cap)).to.equal(undefined);
    expect(verifyMediaToken('garbage', 'secret', cap)).to.equal(undefined);
  });
  it('card images live for the configured days; a well-signed token that claims to live longer is refused', () => {
    const now = Date.now();
    const card = signMediaToken(id, 'secret', { now, lifetimeSeconds: 30 * DAY });
    expect(verifyMediaToken(card, 'secret', { ...cap, now: now + 29 * DAY * 1000 })?.toString()).to.equal(
      id.toString(),
    );
    expect(verifyMediaToken(card, 'secret', { ...cap, now: now + 31 * DAY * 1000 })).to.equal(undefined);
    // A 100-year token, signed with the right key (as a leaked or old signer could make it).
    const expires = Math.floor(now / 1000) + 100 * 365 * DAY;
    const payload = `${id.toString()}.${expires}`;
    const mac = createHmac('sha256', 'secret').update(`ids-media:${payload}`).digest('base64url');
    expect(verifyMediaToken(`${payload}.${mac}`, 'secret', { ...cap, now })).to.equal(undefined);
    expect(() => signMediaToken(id, 'secret', { lifetimeSeconds: 100 * 365 * DAY })).to.throw(RangeError);
  });
});

describe('social: feed cursor', () => {
  it('round-trips and refuses junk with a 400', () => {
    const p = { publishedAt: new Date('2026-01-02T03:04:05.678Z'), id: new Types.ObjectId() };
    const back = decodeCursor(encodeCursor(p));
    expect(back.publishedAt.getTime()).to.equal(p.publishedAt.getTime());
    expect(back.id.toString()).to.equal(p.id.toString());
    expect(back.pinned).to.deep.equal([]);
    const old = Buffer.from(`${p.publishedAt.getTime()}:${p.id.toString()}`).toString('base64url');
    expect(decodeCursor(old).pinned).to.equal(undefined);
    const pinned = [new Types.ObjectId(), new Types.ObjectId()];
    expect(decodeCursor(encodeCursor({ ...p, pinned })).pinned?.map(String)).to.deep.equal(pinned.map(String));
    expect(decodeCursor(encodeCursor({ ...p, pinned: [] })).pinned).to.deep.equal([]);
    expect(() => decodeCursor('not-a-cursor'))
      .to.throw()
      .with.property('status', 400);
  });
});
