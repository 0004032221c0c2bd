/** Groups: what the group's members read about changes made to it from outside. */

export const nl = {
  'group.adminAppointed':
    'Deze groep had geen beheerder meer. {admin} (Ids-beheer) heeft {person} beheerder gemaakt, zodat iemand de leden weer kan beheren. {admin} is geen lid en leest niets in deze groep.',
} as const;

export const en = {
  'group.adminAppointed':
    'This group had no admin left. {admin} (Ids administration) made {person} its admin, so that someone can manage its members again. {admin} is not a member and reads nothing in this group.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
