/**
 * Why something is refused: one sentence per refusal reason of core/policies (`policy.<reason>`).
 * A reason exists exactly when its sentence does (core/policies/decision.ts derives the reasons
 * from these keys), so a new rule adds its reason here in both languages.
 */

export const nl = {
  'policy.not_author': 'Alleen de schrijver kan dit wijzigen.',
  'policy.not_moderator': 'Alleen de schrijver of een beheerder kan dit verwijderen.',
  'policy.pin_news': 'Alleen het communicatieteam zet nieuws vast.',
  'policy.mark_answer': 'Alleen de vraagsteller of een beheerder van de groep kiest het goede antwoord.',
  'policy.publish_news': 'Alleen het communicatieteam publiceert nieuws voor de hele organisatie.',
  'policy.department_news': 'Leidinggevenden publiceren afdelingsnieuws alleen voor hun eigen afdeling.',
  'policy.start_qa_group': 'Alleen het communicatieteam start vragengroepen.',
  'policy.group_closed': 'Deze groep is besloten: vraag een van de beheerders van de groep om je toe te voegen.',
  'policy.follow_members': 'Alleen leden volgen een besloten groep.',
  'policy.manage_members': 'Alleen de beheerders van de groep beheren de leden.',
  'policy.restore_admin': 'Alleen Ids-beheerders stellen een beheerder aan voor een groep zonder beheerder.',
  'policy.group_has_admin': 'Deze groep heeft een beheerder: die beheert de leden.',
} as const;

export const en = {
  'policy.not_author': 'Only the author can change this.',
  'policy.not_moderator': 'Only the author or a moderator can delete this.',
  'policy.pin_news': 'Only the communication team pins news.',
  'policy.mark_answer': 'Only the asker or an admin of the group chooses the accepted answer.',
  'policy.publish_news': 'Only the communication team publishes news for the whole organisation.',
  'policy.department_news': 'Managers publish department news for their own department only.',
  'policy.start_qa_group': 'Only the communication team starts Q&A groups.',
  'policy.group_closed': 'This group is closed: ask one of its admins to add you.',
  'policy.follow_members': 'Only members follow a closed group.',
  'policy.manage_members': "Only the group's admins manage its members.",
  'policy.restore_admin': 'Only Ids admins appoint an admin for a group that has none.',
  'policy.group_has_admin': 'This group has an admin: they manage its members.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
