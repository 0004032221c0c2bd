export * from './person.js';
export * from './department.js';
export * from './group.js';
export * from './post.js';
export * from './delivery.js';
export * from './engagement.js';
export * from './audit.js';
export * from './sync-state.js';
