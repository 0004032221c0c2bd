import type { MobileVisibility, Role } from '../../models/person.js';

/** A phone number as the person model stores it. */
export interface IndexedPhone {
  readonly display?: string;
  readonly e164?: string;
}

/**
 * What the directory keeps of an active person: the fields search matches on and the
 * fields a presenter needs to show a result. What a viewer may see of it (a private
 * mobile number) is decided by the presenter, not here.
 */
export interface IndexedPerson {
  readonly id: string;
  readonly displayName: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly email: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly departmentId?: string;
  readonly officeLocation?: string;
  readonly businessPhone?: IndexedPhone;
  readonly mobilePhone?: IndexedPhone;
  /** Effective: the owner's choice, else the organisation's default. */
  readonly mobileVisibility: MobileVisibility;
  readonly managerId?: string;
  readonly skills: readonly string[];
  readonly photoId?: string;
  readonly aadObjectId?: string;
  readonly roles: readonly Role[];
  /** The store's change timestamp of the version indexed. */
  readonly updatedAt?: Date;
}

type Maybe<T> = T | null | undefined;
interface IdLike {
  toString(): string;
}

/**
 * A person as read from the store (a lean mongoose document) or written by core: only the
 * fields the directory uses, each as loose as mongoose types it.
 */
export interface DirectoryPersonInput {
  readonly _id: IdLike;
  readonly email: string;
  readonly displayName: string;
  readonly givenName?: Maybe<string>;
  readonly surname?: Maybe<string>;
  readonly jobTitle?: Maybe<string>;
  readonly department?: Maybe<string>;
  readonly departmentId?: Maybe<IdLike>;
  readonly officeLocation?: Maybe<string>;
  readonly businessPhone?: Maybe<{ readonly display?: Maybe<string>; readonly e164?: Maybe<string> }>;
  readonly mobilePhone?: Maybe<{ readonly display?: Maybe<string>; readonly e164?: Maybe<string> }>;
  readonly mobileVisibility?: Maybe<string>;
  readonly managerId?: Maybe<IdLike>;
  readonly skills?: Maybe<readonly string[]>;
  readonly photoId?: Maybe<IdLike>;
  readonly aadObjectId?: Maybe<string>;
  readonly roles?: Maybe<readonly string[]>;
  /** Absent means active (the schema's default). */
  readonly active?: Maybe<boolean>;
  readonly updatedAt?: Maybe<Date>;
}

/** Which fields a query is matched against. */
export type SearchMode = 'person' | 'skill' | 'any';

export type MatchField = 'name' | 'phone' | 'skill' | 'jobTitle' | 'department' | 'email';

/**
 * How a query term met the person. For a phone, 'exact' is the whole number and 'prefix'
 * a partial one (the typed digits end the number: an extension or a number's tail).
 */
export type MatchKind = 'exact' | 'prefix' | 'fuzzy';

export interface Match {
  readonly field: MatchField;
  readonly kind: MatchKind;
  /** The indexed term that matched (folded), e.g. "bakker" for the query "bakekr". */
  readonly term: string;
  /** The query term it matched, folded. */
  readonly query: string;
}

export interface SearchResult {
  readonly person: IndexedPerson;
  readonly score: number;
  readonly matched: readonly Match[];
}

export interface SearchOptions {
  /** Default 'any'. */
  readonly mode?: SearchMode;
  /** Only people of this department (by name, case and accents ignored). */
  readonly department?: string;
  /** Default 10, at most 100. */
  readonly limit?: number;
}

export interface Suggestion {
  /** What to offer: a person's display name, or a skill, job title or department as written. */
  readonly text: string;
  readonly field: MatchField;
  /** Set when the suggestion is a person. */
  readonly personId?: string;
}

/**
 * Typos allowed by word length: Levenshtein distance 0 below `oneEditFrom`, 1 from it, 2
 * from `twoEditsFrom`; two neighbouring letters swapped counts as one edit from
 * `swapsFrom` letters.
 */
export interface FuzzyPolicy {
  readonly oneEditFrom: number;
  readonly twoEditsFrom: number;
  readonly swapsFrom: number;
}
