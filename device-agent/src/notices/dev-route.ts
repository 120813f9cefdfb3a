import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEV_ROUTES } from '@bianmin/contract';
import type { NoticeBoard } from './notice-board.js';

/**
 * `POST /dev/notices`: publishes warnings and announcements as the centre's configuration
 * would, so the development panel and the end-to-end tests need no centre. Registered with
 * the other development routes only, never on a production terminal.
 */
export function registerNoticeDevRoute(app: FastifyInstance, board: NoticeBoard): void {
  const route = DEV_ROUTES['/dev/notices'];
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/dev/notices',
      { schema: { body: route.body, response: { 200: route.reply } } },
      async (request) => {
        board.replace(request.body.warnings, request.body.announcements);
        return board.active();
      },
    );
}
