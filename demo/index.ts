export { generateDemoOrganisation, DEMO_COMMUNICATOR_EMAIL, DEMO_SEED } from './organisation.js';
export { generateSyntheticPeople } from './synthetic.js';
export {
  DEPARTMENTS as DEMO_DEPARTMENTS,
  EMAIL_DOMAIN as DEMO_EMAIL_DOMAIN,
  ORGANISATION_NAME,
  OFFICES,
} from './catalogue.js';
export type * from './types.js';
export { demoPeopleCsv } from './people-csv.js';
