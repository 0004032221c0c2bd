import { departmentKey } from '../../models/department.js';

/**
 * English names for the departments a Dutch municipality has, so "who works at Civil Affairs?"
 * finds Burgerzaken. Keyed by the Dutch name's key (departmentKey); a department whose name is
 * not here simply has no English alias. Common variants of the same department are listed too
 * (Personeel & Organisatie, HRM; Klant Contact Centrum, KCC).
 */
const ALIASES: Record<string, readonly string[]> = {
  burgerzaken: ['Civil Affairs', 'Civil Registry', 'Civil Registration', 'Public Affairs'],
  klantcontactcentrum: [
    'Customer Contact Centre',
    'Customer Contact Center',
    'Customer Service',
    'Contact Centre',
    'KCC',
  ],
  'klant contact centrum': ['Customer Contact Centre', 'Customer Service', 'KCC'],
  'openbare ruimte': ['Public Space', 'Public Spaces', 'Public Works'],
  groenvoorziening: ['Green Spaces', 'Parks', 'Parks and Gardens', 'Landscaping', 'Groundskeeping'],
  boomverzorging: ['Tree Care', 'Arboriculture', 'Trees'],
  communicatie: ['Communications', 'Communication', 'Comms'],
  'sociaal domein': ['Social Domain', 'Social Affairs', 'Social Services', 'Welfare'],
  financien: ['Finance', 'Financial Affairs', 'Finances'],
  'p&o': ['HR', 'Human Resources', 'Personnel', 'People and Organisation', 'HRM'],
  'personeel & organisatie': ['HR', 'Human Resources', 'Personnel', 'P&O'],
  hrm: ['HR', 'Human Resources', 'Personnel'],
  'ict & informatievoorziening': ['IT', 'ICT', 'Information Services', 'Information Management', 'IT Department'],
  ict: ['IT', 'Information Technology'],
  'ruimtelijke ontwikkeling': ['Spatial Development', 'Spatial Planning', 'Urban Planning', 'Planning'],
  'vergunningen & handhaving': ['Permits and Enforcement', 'Licensing and Enforcement', 'Permits', 'Enforcement'],
  bestuursondersteuning: ['Executive Support', 'Board Support', 'Administrative Support', "Mayor's Office"],
  griffie: ['Council Registry', 'Clerk of the Council'],
};

/** The English names of a department (none when it has no known alias). */
export function departmentAliases(name: string): readonly string[] {
  return ALIASES[departmentKey(name)] ?? [];
}
