import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { countWrites } from './writes.js';

export const ROLES = ['communicator', 'manager', 'admin', 'ambassador'] as const;
export type Role = (typeof ROLES)[number];

/** Who may see the mobile number: only its owner (and the bot in a personal chat with them) or every colleague. */
export const MOBILE_VISIBILITY = ['private', 'organisation'] as const;
export type MobileVisibility = (typeof MOBILE_VISIBILITY)[number];

const phoneSchema = new Schema(
  {
    /** As the person or the import wrote it, e.g. "06 12345678". */
    display: { type: String, trim: true, maxlength: 40 },
    /** Normalized, e.g. "+31612345678"; used for reverse lookup and tel: links. */
    e164: { type: String, trim: true, maxlength: 20 },
  },
  { _id: false },
);

/** What the Entra ID sync keeps of a person besides the fields it writes. */
const entraSchema = new Schema(
  {
    /** The Entra object id; the same as aadObjectId, kept here as the sync's own key. */
    id: { type: String, required: true },
    /** The manager's Entra object id as Graph last said; managerId follows once that person is in. */
    managerId: { type: String },
    /** The photo's @odata.mediaEtag when last checked ('' when Entra had none). */
    photoEtag: { type: String },
    photoCheckedAt: { type: Date },
    /** The sync run that last saw this user in a full read (leavers are those a full read missed). */
    seenInRun: { type: String },
    /** Why the sync made the person inactive: removed from Entra, disabled, or no longer staff. */
    inactiveReason: { type: String, enum: ['removed', 'disabled', 'not_staff'] },
  },
  { _id: false },
);

const personSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    displayName: { type: String, required: true, trim: true, maxlength: 200 },
    givenName: { type: String, trim: true, maxlength: 100 },
    surname: { type: String, trim: true, maxlength: 150 },
    jobTitle: { type: String, trim: true, maxlength: 200 },
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department' },
    /** Denormalized department name, kept in step by core/departments. */
    department: { type: String, trim: true, maxlength: 200 },
    officeLocation: { type: String, trim: true, maxlength: 200 },
    businessPhone: { type: phoneSchema },
    mobilePhone: { type: phoneSchema },
    /**
     * The owner's own choice (the profile, or the CSV column mobileVisibility); unset when they
     * made none, and then MOBILE_VISIBILITY decides. No default: a default here would be stored on
     * every person and could not be told from a choice.
     */
    mobileVisibility: { type: String, enum: MOBILE_VISIBILITY },
    skills: { type: [String], default: [] },
    bio: { type: String, trim: true, maxlength: 2000 },
    /** GridFS file id of the profile photo. */
    photoId: { type: Schema.Types.ObjectId },
    /**
     * Where the photo came from: 'entra' (the sync may replace or remove it), 'removed' (the person
     * removed theirs; the sync leaves them without one); unset with a photo: uploaded in Ids, which wins.
     */
    photoSource: { type: String, enum: ['entra', 'removed'] },
    /** Set for people the Entra ID sync brought in or bound (core/people/entra-sync.ts). */
    entra: { type: entraSchema },
    roles: { type: [String], enum: ROLES, default: [] },
    managerId: { type: Schema.Types.ObjectId, ref: 'Person' },
    aadObjectId: { type: String, trim: true, lowercase: true },
    /** The Teams user id (29:...) once seen by the bot. */
    teamsUserId: { type: String },
    active: { type: Boolean, default: true },
    locale: { type: String, enum: ['nl', 'en'] },
    nudgesOptOut: { type: Boolean, default: false },
    /** Erased (core/privacy/erase.ts): what is left is a neutral name under kept posts, nothing personal. */
    erasedAt: { type: Date },
  },
  { timestamps: true },
);

personSchema.index({ email: 1 }, { unique: true });
personSchema.index({ aadObjectId: 1 }, { unique: true, sparse: true });
personSchema.index({ departmentId: 1 });
personSchema.index({ updatedAt: 1 });
personSchema.index({ 'entra.id': 1 }, { sparse: true });

export type PersonFields = InferSchemaType<typeof personSchema>;
export type PersonDoc = HydratedDocument<PersonFields>;
/** Moves on with every write to people through Person (core/recent.ts drops its copies). */
export const personWrites = countWrites(personSchema);
export const Person = mongoose.model('Person', personSchema);
