import { isSelf, type Actor, type Audience } from '../actor.js';
import { normalizePhone } from '../phones.js';
import type { MobileVisibility } from '../../models/person.js';
import * as personPolicy from '../policies/person.js';
import { fold, PARTICLES } from '../directory/fold.js';

/**
 * The one place that shapes what a viewer sees of a person. Cards, bot replies, the tab API
 * and message-extension results all show a PersonView, never a stored person. What the viewer
 * may see (the mobile number above all) is decided in core/policies/person.ts.
 */

/** A phone number as stored (display as written, e164 normalized). */
export interface PhoneInput {
  readonly display?: string | null;
  readonly e164?: string | null;
}

/**
 * What the presenter reads: a stored person (mongoose document or lean object, with `_id`)
 * or a search-index result (with `id`).
 */
export interface PresentablePerson {
  readonly id?: string | { toString(): string } | null;
  readonly _id?: string | { toString(): string } | null;
  readonly displayName: string;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly jobTitle?: string | null;
  readonly department?: string | null;
  readonly officeLocation?: string | null;
  readonly email?: string | null;
  readonly businessPhone?: PhoneInput | null;
  readonly mobilePhone?: PhoneInput | null;
  /** Missing means private: the schema's default, and the safe side. */
  readonly mobileVisibility?: MobileVisibility | null;
  readonly skills?: readonly string[] | null;
  readonly photoId?: string | { toString(): string } | null;
  readonly roles?: readonly string[] | null;
}

export interface PhoneView {
  readonly kind: 'business' | 'mobile';
  /** As written, e.g. "06 12345678". */
  readonly display: string;
  /** E.164, e.g. "+31612345678", when the number is valid. */
  readonly e164?: string;
  /** `tel:+31612345678`, for text replies (Teams cards cannot open tel: links on desktop and web). */
  readonly tel?: string;
}

/** What a viewer may see of a person; plain JSON, safe to put in a card, a reply or an API response. */
export interface PersonView {
  readonly id: string;
  readonly displayName: string;
  /** Given name and surname initials without particles: "Anne-Roos van der Vooren" → "AV". */
  readonly initials: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly officeLocation?: string;
  readonly email?: string;
  /** Business number first, then the mobile number when the viewer may see it. */
  readonly phones: readonly PhoneView[];
  readonly skills: readonly string[];
  /** A short-lived signed URL from the caller; only when the person has a photo. */
  readonly photoUrl?: string;
  /** Teams deep link that opens a chat with the person. */
  readonly chatUrl?: string;
  /** Teams deep link that starts a Teams call with the person. */
  readonly callUrl?: string;
  /** Whether the viewer is this person. */
  readonly self: boolean;
  /** An Ids ambassador: shown as such on their profile and in cards. */
  readonly ambassador?: true;
}

export interface PresentOptions {
  /**
   * Makes the URL of a person's photo. Cards need short-lived signed URLs (Teams fetches
   * images without the user's token), so the door that knows the server supplies this.
   */
  readonly photoUrl?: (photo: { readonly personId: string; readonly photoId: string }) => string | undefined;
}

/**
 * What `viewer` may see of `person` in an answer seen by `audience`: 'private' for a personal
 * chat or the viewer's own tab, 'shared' for a channel, group chat or message-extension card.
 * A null viewer (a guest or an unverified user; the doors refuse them earlier) gets only the name.
 */
export function presentPerson(
  person: PresentablePerson,
  viewer: Actor | null,
  audience: Audience,
  options: PresentOptions = {},
): PersonView {
  const id = personIdOf(person);
  const displayName = clean(person.displayName) ?? clean(person.email) ?? '?';
  const initials = initialsOf(person);
  if (viewer === null || !personPolicy.seeDetails(viewer).ok)
    return { id, displayName, initials, phones: [], skills: [], self: false };

  const self = isSelf(viewer, id);
  const phones: PhoneView[] = [];
  const business = phoneView('business', person.businessPhone);
  if (business) phones.push(business);
  if (personPolicy.seeMobile(viewer, { id, mobileVisibility: person.mobileVisibility }, audience).ok) {
    const mobile = phoneView('mobile', person.mobilePhone);
    if (mobile) phones.push(mobile);
  }

  const email = emailOf(person.email);
  const photoId = person.photoId == null ? undefined : clean(String(person.photoId));
  const photoUrl = photoId && options.photoUrl ? clean(options.photoUrl({ personId: id, photoId })) : undefined;

  return {
    id,
    displayName,
    initials,
    ...optional('jobTitle', clean(person.jobTitle)),
    ...optional('department', clean(person.department)),
    ...optional('officeLocation', clean(person.officeLocation)),
    ...optional('email', email),
    phones,
    skills: skillsOf(person.skills),
    ...optional('photoUrl', photoUrl),
    ...optional('chatUrl', email ? teamsChatUrl(email) : undefined),
    ...optional('callUrl', email ? teamsCallUrl(email) : undefined),
    self,
    ...(person.roles?.includes('ambassador') ? { ambassador: true as const } : {}),
  };
}

/**
 * Teams deep link to a (new or existing) chat with the person, as documented:
 * https://teams.microsoft.com/l/chat/0/0?users=<user principal name>
 */
export function teamsChatUrl(email: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeUser(email)}`;
}

/**
 * Teams deep link that starts an audio call with the person, as documented:
 * https://teams.microsoft.com/l/call/0/0?users=<user principal name>
 */
export function teamsCallUrl(email: string): string {
  return `https://teams.microsoft.com/l/call/0/0?users=${encodeUser(email)}`;
}

/** The documented examples show the UPN as is; encode everything else (a `+` would read as a space). */
function encodeUser(email: string): string {
  return encodeURIComponent(email).replace(/%40/g, '@');
}

/**
 * Surname particles, which initials skip ("van der Vooren" → "V"): the directory's (folded, so
 * "'t", "d'" and "Van" match "t", "d" and "van"), and a few more that only names from abroad use.
 */
const INITIAL_SKIPS: ReadonlySet<string> = new Set([...PARTICLES, 'do', 'el', 'al', 'y', 'e']);
const isParticle = (word: string) => INITIAL_SKIPS.has(fold(word).replace(/'/g, ''));

export function initialsOf(person: Pick<PresentablePerson, 'displayName' | 'givenName' | 'surname' | 'email'>): string {
  const given = words(person.givenName);
  const surname = words(person.surname);
  if (given.length > 0 || surname.length > 0) {
    const first = given[0] ? initialOf(given[0]) : '';
    const last = surname.length > 0 ? initialOf(mainSurnameWord(surname)) : '';
    const result = first + last;
    if (result) return result;
  }
  // "Anne-Roos van der Vooren" → first word and last word that is not a particle.
  const all = words(person.displayName);
  if (all.length === 0) return initialOf(clean(person.email) ?? '') || '?';
  if (all.length === 1) return initialOf(all[0]!) || '?';
  return initialOf(all[0]!) + initialOf(mainSurnameWord(all.slice(1)));
}

function mainSurnameWord(parts: readonly string[]): string {
  return parts.find((w) => !isParticle(w)) ?? parts[parts.length - 1] ?? '';
}

/** The first letter, upper-cased; the Dutch digraph IJ counts as one letter ("IJsbrand" → "IJ"). */
function initialOf(word: string): string {
  const letters = word.replace(/^[^\p{L}\p{N}]+/u, '');
  if (/^ij/i.test(letters)) return 'IJ';
  const first = letters.match(/^[\p{L}\p{N}]/u)?.[0] ?? '';
  return first.toLocaleUpperCase('nl');
}

function words(value: string | null | undefined): string[] {
  return (clean(value) ?? '').split(/[\s,]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

function personIdOf(person: PresentablePerson): string {
  const raw = person.id ?? person._id;
  const id = raw == null ? undefined : clean(String(raw));
  if (!id) throw new TypeError('presentPerson: the person has no id');
  return id;
}

function phoneView(kind: PhoneView['kind'], phone: PhoneInput | null | undefined): PhoneView | undefined {
  if (!phone) return undefined;
  const display = clean(phone.display);
  const e164 = e164Of(phone.e164) ?? e164FromDisplay(display);
  if (!display && !e164) return undefined;
  return {
    kind,
    display: display ?? e164!,
    ...optional('e164', e164),
    ...optional('tel', e164 ? `tel:${e164}` : undefined),
  };
}

function e164Of(value: string | null | undefined): string | undefined {
  const v = clean(value)?.replace(/[\s().-]/g, '');
  return v && /^\+[1-9]\d{6,14}$/.test(v) ? v : undefined;
}

/** Imports should have filled e164; when they did not, read the written number as the import does. */
function e164FromDisplay(display: string | undefined): string | undefined {
  return display ? e164Of(normalizePhone(display)?.e164) : undefined;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"']+@[^\s@<>()[\]\\,;:"']+\.[^\s@<>()[\]\\,;:"']+$/;

function emailOf(value: string | null | undefined): string | undefined {
  const v = clean(value)?.toLowerCase();
  return v && v.length <= 254 && EMAIL.test(v) ? v : undefined;
}

function skillsOf(skills: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const skill of skills ?? []) {
    const s = clean(skill);
    if (!s) continue;
    const key = s.toLocaleLowerCase('nl');
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(s);
  }
  return result;
}

function clean(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/** `{ key: value }` when value is set, else `{}`: keeps views free of undefined members. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
