import type { Types } from 'mongoose';
import { Group } from '../../models/group.js';

/** Posting in an open group makes you a member, as joining it would (anyone may join an open group). */
export async function joinOpenGroupImplicitly(groupId: Types.ObjectId, personId: Types.ObjectId): Promise<void> {
  await Group.updateOne({ _id: groupId, visibility: 'open' }, { $addToSet: { members: personId } });
}
