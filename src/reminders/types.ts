/**
 * Task reminders: the reminder rules on Task with the reminders that came due, and the
 * mutations that set and clear them. Importing this module registers them on the schema builder.
 */
import './rule-types.js';

export { ReminderChannelEnum } from './rule-types.js';
