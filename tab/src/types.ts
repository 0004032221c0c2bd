// The API's shapes, taken from the server's own presenters and request schemas (type-only
// imports: nothing of the server ends up in the bundle), so client and server cannot drift apart.
import type { z } from 'zod';
import type { PostView, CommentView } from '../../core/posts/present.js';
import type { PersonView } from '../../core/people/present.js';
import type { PeopleFound } from '../../core/people/find.js';
import type { GroupSummary, GroupDetail } from '../../core/groups/present.js';
import type { DepartmentView, PersonPage } from '../../core/people/departments.js';
import type { OwnProfile, ProfilePatch, ProfileProblem } from '../../core/people/profile.js';
import type { PostSearchField } from '../../core/posts/search.js';
import type { newPostBody } from '../api/schemas.js';
import type { DeliveryReport } from '../../core/delivery/report.js';
import type { IncompleteColleague, OwnCompleteness, ProfileGap } from '../../core/nudges/lists.js';
import type { CompletenessField } from '../../core/nudges/completeness.js';
import type { LeaderboardView } from '../../core/nudges/leaderboard.js';
import type { CampaignView } from '../../core/nudges/campaigns.js';

export type { PersonView, PeopleFound, GroupSummary, GroupDetail, DepartmentView, PersonPage, OwnProfile };
export type { ProfilePatch, ProfileProblem, CommentView, DeliveryReport };
export type { OwnCompleteness, CompletenessField, LeaderboardView, CampaignView, IncompleteColleague, ProfileGap };

/** A post as the API presents it (with its delivery fields: status, publishAt, notify, acknowledgedAt, can.viewDelivery). */
export type Post = PostView;

export interface FeedPage {
  pinned: Post[];
  posts: Post[];
  nextCursor: string | null;
}

export interface PostSearchResults {
  query: string;
  results: Array<{ post: Post; matched: PostSearchField[]; snippet: string }>;
}

/** A new post as POST /api/posts takes it (news: notify, publishAt, status). */
export type NewPost = z.input<typeof newPostBody>;

export interface Me {
  id: string;
  email: string;
  roles: string[];
  locale: 'nl' | 'en';
  departmentId: string | null;
  /** What the tab offers this person (the API refuses the rest all the same). */
  can: { viewAnalytics: boolean; viewProfileGaps: boolean; viewIncompleteList: boolean };
  person: PersonView | null;
  profile: OwnProfile;
  completeness: OwnCompleteness;
}

export interface PublicConfig {
  mode: 'development' | 'sso';
  clientId: string | null;
  defaultLocale: 'nl' | 'en';
  publicUrl: string;
  teamsAppId: string | null;
}

export interface UploadedMedia {
  id: string;
  kind: 'image' | 'document';
  width: number | null;
  height: number | null;
  thumbnailUrl: string | null;
}
