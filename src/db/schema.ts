export * from '../auth/tables.js';
export * from '../employees/tables.js';
export * from '../partners/tables.js';
export * from '../campaigns/tables.js';
export * from '../opportunities/tables.js';
export * from '../tasks/tables.js';
