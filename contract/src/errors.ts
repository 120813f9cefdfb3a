import { Type, type Static } from 'typebox';
import { closed } from './schema.js';

/**
 * The one error reply of the agent and the centre. `message` is for a person and never
 * echoes a submitted value (it may be exactly the personal data a schema keeps out);
 * `where` names the offending field, e.g. 'events[0].payload.screen'.
 */
export const ErrorReplySchema = closed({
  error: Type.String(),
  message: Type.String(),
  where: Type.Optional(Type.String()),
});
export type ErrorReply = Static<typeof ErrorReplySchema>;
