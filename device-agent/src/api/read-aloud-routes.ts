import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorReplySchema,
  KIOSK_ROUTES as ROUTES,
  READ_ALOUD_LONGEST_DIGIT_RUN,
  type ReadAloudReply,
} from '@bianmin/contract';
import type { EventLogger } from '@bianmin/common';
import type { ReadAloudVoice } from '../speech/read-aloud.js';

const DIGIT_RUN = new RegExp(`\\d{${READ_ALOUD_LONGEST_DIGIT_RUN + 1}}`);
/** As long as the page waits for a text (kiosk-ui/src/lib/agent/client.ts), and a little more. */
const READ_ALOUD_LONGEST_MS = 11 * 60_000;

/**
 * Read-aloud through the agent's voice for a kiosk whose browser has none for the resident's
 * language (docs/accessibility.md, "Speech and sound"). No text is ever logged.
 */
export function registerReadAloudRoutes(
  app: FastifyInstance,
  deps: { readAloud: ReadAloudVoice; logger: EventLogger },
): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  // Logged once until the voice works again, not for every screen of a terminal without sound.
  let failing = false;
  // The page's texts in order (contract/src/agent/read-aloud.ts): the one being said, and up
  // to which one 停止 was sent, so a text whose 停止 overtook it is not said at all.
  let turns = { page: '', current: 0, stoppedUpTo: 0 };
  const turnsOf = (page: string) => {
    if (turns.page !== page) turns = { page, current: 0, stoppedUpTo: 0 };
    return turns;
  };
  const route = ROUTES['/read-aloud'];
  server.post(
    '/read-aloud',
    { schema: { body: route.body, response: { 200: route.reply, 400: ErrorReplySchema } } },
    async (req, reply) => {
      const { page, id, text, language, volume } = req.body;
      if (DIGIT_RUN.test(text)) {
        return reply.status(400).send({
          error: 'read-aloud-refused',
          message: `The text holds more than ${READ_ALOUD_LONGEST_DIGIT_RUN} digits in a row, as a phone or ID number does; such a number is never read aloud.`,
          where: 'text',
        });
      }
      const turn = turnsOf(page);
      if (id <= turn.stoppedUpTo || id < turn.current) return { ended: 'stopped' } as const;
      turn.current = id;
      // The answer waits for the text's end, a guide page or a pause longer than the idle
      // time that closes a silent connection (contract/src/server/limits.ts).
      req.raw.socket?.setTimeout?.(READ_ALOUD_LONGEST_MS);
      const ended = await deps.readAloud.say(text, language, volume);
      if (ended === 'failed' && !failing) {
        deps.logger.event('device.speech.read-aloud-failed', {
          voice: deps.readAloud.description,
          language,
        });
      }
      if (ended !== 'stopped') failing = ended === 'failed';
      return { ended } satisfies ReadAloudReply;
    },
  );
  const control = (path: '/read-aloud/pause' | '/read-aloud/resume' | '/read-aloud/stop') =>
    server.post(path, { schema: { body: ROUTES[path].body } }, async (req, reply) => {
      const turn = turnsOf(req.body.page);
      const current = turn.current === req.body.id;
      if (path === '/read-aloud/stop') {
        turn.stoppedUpTo = Math.max(turn.stoppedUpTo, req.body.id);
        if (current) deps.readAloud.stop();
      } else if (current) {
        if (path === '/read-aloud/pause') deps.readAloud.pause();
        else deps.readAloud.resume();
      }
      return reply.status(204).send();
    });
  control('/read-aloud/pause');
  control('/read-aloud/resume');
  control('/read-aloud/stop');
}
