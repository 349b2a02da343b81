/** Entry of the lazily loaded service layer bundle (dist/aws.js). Filled in by the foundation work. */
export type * from './types';
