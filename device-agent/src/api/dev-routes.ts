import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEV_ROUTES as ROUTES, ErrorReplySchema } from '@bianmin/contract';
import type { Simulators, TerminalDevices } from '../agent/devices.js';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { paperColumns, receiptToSvg, receiptToText } from '../printer/index.js';
import type { CallerKeypadSimulator } from '../caller/index.js';

/**
 * The development panel's controls. Registered only on simulated hardware outside
 * production, so a real terminal has no route that fakes a card.
 */
export function registerDevRoutes(
  app: FastifyInstance,
  devices: Pick<TerminalDevices, 'simulators' | 'scanner' | 'slipFormat' | 'counterHardware'>,
): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const { reader, printer, scanner, cables }: Simulators = devices.simulators;
  // Receipts are drawn on the configured paper: 32 columns on 58 mm, 48 on 80 mm.
  const paper = { columns: paperColumns(devices.slipFormat.paperWidthMm) };
  const corruption = () => ({
    ...(reader && { idCardReader: reader.replyCorruption }),
    ...(printer && { printer: printer.replyCorruption }),
  });
  const pluggedIn = () =>
    Object.fromEntries(Object.entries(cables).map(([device, cable]) => [device, cable.connected]));
  const refused = { 400: ErrorReplySchema, 409: ErrorReplySchema };

  const state = { response: { 200: ROUTES['/dev/state'].reply } };
  server.get('/dev/state', { schema: state }, async () => ({
    identities: SAMPLE_IDENTITIES.map(({ key, label }) => ({ key, label })),
    card: reader?.state.card ?? ('real-device' as const),
    scanner: scanner
      ? ('simulated' as const)
      : devices.scanner
        ? ('real-device' as const)
        : ('absent' as const),
    printer: printer?.condition ?? { paper: 'ok', coverOpen: false, offline: false },
    cables: pluggedIn(),
    corruption: corruption(),
    receipts: (printer?.receipts ?? []).slice(-5).map((r) => ({
      printedAt: r.printedAt,
      text: receiptToText(r, paper),
      svg: receiptToSvg(r, paper),
    })),
  }));

  const card = ROUTES['/dev/id-card'];
  const cardSchema = { body: card.body, response: { 200: card.reply, ...refused } };
  server.post('/dev/id-card', { schema: cardSchema }, async (request, reply) => {
    if (!reader)
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: 'The ID-card reader is a real device.' });
    const { body } = request;
    if (body.action === 'remove') reader.removeCard();
    else if (body.action === 'place-badly') reader.placeCardBadly();
    else {
      const identity = SAMPLE_IDENTITIES.find((i) => i.key === body.key);
      if (!identity) {
        return reply.status(400).send({
          error: 'bad-request',
          message: `Unknown sample identity "${body.key ?? ''}"; use one of: ${SAMPLE_IDENTITIES.map((i) => i.key).join(', ')}.`,
          where: 'key',
        });
      }
      reader.placeCard(identity.holder);
    }
    return { card: reader.state.card };
  });

  const printerRoute = ROUTES['/dev/printer'];
  const printerSchema = {
    body: printerRoute.body,
    response: { 200: printerRoute.reply, ...refused },
  };
  server.post('/dev/printer', { schema: printerSchema }, async (request, reply) => {
    if (!printer)
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: 'The printer is a real device.' });
    printer.setCondition(request.body);
    return { printer: printer.condition };
  });

  // The simulator writes the bytes a real scanner would; the driver decodes and checks them.
  const scanRoute = ROUTES['/dev/scanner'];
  const scan = { body: scanRoute.body, response: { 200: scanRoute.reply, ...refused } };
  server.post('/dev/scanner', { schema: scan }, async (request, reply) => {
    if (!scanner) {
      const message = devices.scanner
        ? 'The code scanner is a real device.'
        : 'This terminal has no code scanner.';
      return reply.status(409).send({ error: 'not-simulated', message });
    }
    const sent = await scanner.scan(request.body);
    if (!sent.ok) {
      return reply
        .status(409)
        .send({ error: 'not-sent', message: 'The simulated scanner is disconnected.' });
    }
    return { bytes: sent.value };
  });

  const cableRoute = ROUTES['/dev/cable'];
  const cableSchema = { body: cableRoute.body, response: { 200: cableRoute.reply, ...refused } };
  server.post('/dev/cable', { schema: cableSchema }, async (request, reply) => {
    const { device, plugged } = request.body;
    const cable = cables[device];
    if (!cable) {
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: `The ${device} is not a simulated device.` });
    }
    cable.setConnected(plugged);
    return { cables: pluggedIn() };
  });

  const corruptionRoute = ROUTES['/dev/corruption'];
  const corruptionSchema = {
    body: corruptionRoute.body,
    response: { 200: corruptionRoute.reply, ...refused },
  };
  server.post('/dev/corruption', { schema: corruptionSchema }, async (request, reply) => {
    const { device, corruption: mode } = request.body;
    const simulator = device === 'idCardReader' ? reader : printer;
    if (!simulator) {
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: `The ${device} is not a simulated device.` });
    }
    simulator.setReplyCorruption(mode);
    return { corruption: corruption() };
  });

  registerCounterHardwareRoutes(app, devices);
}

/** Waits until the keypad at `address` has no press left unacknowledged, or gives up. */
function acknowledged(callers: CallerKeypadSimulator, address: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, KEY_ACK_WAIT_MS);
    const stop = callers.onChange((k) => {
      if (k.address === address && k.pending === 0) done();
    });
  });
}

/** Long enough for several polling rounds at 9600 baud; a silent keypad answers after it. */
const KEY_ACK_WAIT_MS = 2000;

function registerCounterHardwareRoutes(
  app: FastifyInstance,
  devices: Pick<TerminalDevices, 'simulators' | 'counterHardware'>,
): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const { callers, leds } = devices.simulators;
  const { counterHardware } = devices;
  const counterOf = counterHardware.callers?.counterOf;
  const state = () => ({
    callers:
      callers?.keypads().map((k) => ({ ...k, counter: counterOf?.get(k.address) ?? null })) ?? null,
    leds: leds?.displays() ?? null,
    lastAnnouncement: counterHardware.announcer?.last() ?? null,
    speech: counterHardware.announcer?.description ?? null,
  });
  const notSimulated = {
    error: 'not-simulated',
    message: 'The caller keypads are real devices or not configured.',
  };
  const refused = { 400: ErrorReplySchema, 409: ErrorReplySchema };

  server.get(
    '/dev/counter-hardware',
    { schema: { response: { 200: ROUTES['/dev/counter-hardware'].reply } } },
    async () => state(),
  );

  const keyRoute = ROUTES['/dev/caller-key'];
  const keySchema = { body: keyRoute.body, response: { 200: keyRoute.reply, ...refused } };
  server.post('/dev/caller-key', { schema: keySchema }, async (request, reply) => {
    if (!callers) return reply.status(409).send(notSimulated);
    const { address, key, digits = [] } = request.body;
    const acked = acknowledged(callers, address);
    if (!callers.press(address, { key, digits })) {
      return reply
        .status(409)
        .send({ error: 'unknown-address', message: `No caller keypad has address ${address}.` });
    }
    await acked;
    return state();
  });

  const answeringRoute = ROUTES['/dev/caller-answering'];
  const answeringSchema = {
    body: answeringRoute.body,
    response: { 200: answeringRoute.reply, ...refused },
  };
  server.post('/dev/caller-answering', { schema: answeringSchema }, async (request, reply) => {
    if (!callers) return reply.status(409).send(notSimulated);
    callers.setAnswering(request.body.address, request.body.answering);
    return state();
  });
}
