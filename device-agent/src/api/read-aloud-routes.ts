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
  const route = ROUTES['/read-aloud'];
  server.post(
    '/read-aloud',
    { schema: { body: route.body, response: { 200: route.reply, 400: ErrorReplySchema } } },
    async (req, reply) => {
      const { text, language, volume } = req.body;
      if (DIGIT_RUN.test(text)) {
        return reply.status(400).send({
          error: 'read-aloud-refused',
          message: `The text holds more than ${READ_ALOUD_LONGEST_DIGIT_RUN} digits in a row, as a phone or ID number does; such a number is never read aloud.`,
          where: 'text',
        });
      }
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
    server.post(path, { schema: { body: ROUTES[path].body } }, async (_req, reply) => {
      if (path === '/read-aloud/pause') deps.readAloud.pause();
      else if (path === '/read-aloud/resume') deps.readAloud.resume();
      else deps.readAloud.stop();
      return reply.status(204).send();
    });
  control('/read-aloud/pause');
  control('/read-aloud/resume');
  control('/read-aloud/stop');
}
