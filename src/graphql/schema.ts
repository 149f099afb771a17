import { builder } from './builder.js';
import './scalars.js';
import './error-types.js';
import '../auth/types.js';
import '../auth/admin-types.js';
import '../auth/admin-token-types.js';
import '../employees/types.js';
import '../partners/types.js';
import '../campaigns/types.js';
import '../opportunities/types.js';
import '../analytics/types.js';
import '../tasks/types.js';
import '../messages/types.js';
import '../reminders/types.js';
import '../settings/types.js';
import '../mail/outgoing/types.js';

export const schema = builder.toSchema({ sortSchema: true });
