/**
 * In-app messages: the Message type, the viewer's message stack with its read state, and the
 * messageReceived subscription. Importing this module registers them on the schema builder.
 */
import './message-types.js';

export { MessageRef, MessageKindEnum } from './message-types.js';
