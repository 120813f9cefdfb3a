import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DEVICES,
  SETUP_DEVICES,
  stateSpec,
  TECHNICIAN_ROUTES as ROUTES,
  type DeviceSetupView,
} from '@bianmin/contract';
import { summariseHolder } from '../../agent/card-summary.js';
import {
  describeConnection,
  editableConnection,
  sameConnection,
} from '../../technician/connections.js';
import { listPorts } from '../../technician/ports.js';
import { probeConnection } from '../../technician/probe.js';
import { layoutTestSlip } from '../../technician/readiness.js';
import { auditAction, REFUSED, type TechnicianRouteDeps } from './context.js';
import { printOutcome } from './print-outcome.js';

/** Device setup: the ports, the connections in use, trying one, and saving or undoing one. */
export function registerDeviceRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const audit = auditAction(deps.trail);
  const print = printOutcome(deps.devices.printer);

  server.get(
    '/technician/ports',
    {
      schema: { response: { 200: ROUTES['/technician/ports'].reply, ...REFUSED } },
    },
    async (request) => {
      const ports = await (deps.listPorts ?? listPorts)();
      audit(request, 'list-ports', `${ports.serial.length} serial, ${ports.hid.length} hid`);
      return ports;
    },
  );

  const setupView = (): DeviceSetupView => {
    const running = deps.applier.applied();
    const saved = deps.devicesFile?.read();
    const pending = saved?.ok && JSON.stringify(saved.value) !== JSON.stringify(running);
    const states = deps.deviceStates();
    return {
      devices: SETUP_DEVICES.filter((d) => running[d] !== undefined).map((device) => {
        const state = states[device] ?? 'unknown';
        return {
          device,
          label: DEVICES[device].label,
          connection: describeConnection(running[device]),
          editable: editableConnection(running[device]),
          state,
          stateLabel: stateSpec(device, state)?.label ?? state,
        };
      }),
      canUndo: deps.devicesFile?.canUndo() ?? false,
      pendingRestart: pending ? '已保存的设备设置在终端重启后生效（重启设备代理服务）。' : null,
    };
  };

  server.get(
    '/technician/devices',
    {
      schema: { response: { 200: ROUTES['/technician/devices'].reply, ...REFUSED } },
    },
    async () => setupView(),
  );

  const inUse = (
    device: (typeof SETUP_DEVICES)[number],
    connection: Parameters<typeof sameConnection>[0],
  ) => sameConnection(connection, editableConnection(deps.applier.applied()[device]));

  const probe = ROUTES['/technician/devices/probe'];
  server.post(
    '/technician/devices/probe',
    {
      schema: { body: probe.body, response: { 200: probe.reply, ...REFUSED } },
    },
    async (request) => {
      const { device, connection } = request.body;
      const answer = await probeConnection(device, connection, {
        inUse: inUse(device, connection),
        devices: deps.devices,
      });
      audit(request, 'probe', answer.answered ? 'answered' : 'no-answer', device);
      return answer;
    },
  );

  const testRead = ROUTES['/technician/devices/test-read'];
  server.post(
    '/technician/devices/test-read',
    {
      schema: { body: testRead.body, response: { 200: testRead.reply, ...REFUSED } },
    },
    async (request) => {
      const read = await deps.devices.reader.readCard();
      if (!read.ok) {
        audit(request, 'test-read', read.error.kind, 'idCardReader');
        const message =
          read.error.kind === 'no-card'
            ? '没有读到卡：请把身份证放在读卡区后再试。'
            : read.error.kind === 'reader-offline'
              ? '读卡器没有应答。'
              : '卡读不出来，请换个位置再放一次。';
        return { read: false, maskedName: null, message };
      }
      // The masked name only: nothing else of the card leaves this function or is logged.
      const { maskedName } = summariseHolder(read.value.holder, deps.now(), deps.terminal.timeZone);
      audit(request, 'test-read', 'read', 'idCardReader');
      return { read: true, maskedName, message: `读卡成功：${maskedName}` };
    },
  );

  const testPrint = ROUTES['/technician/devices/test-print'];
  server.post(
    '/technician/devices/test-print',
    {
      schema: { body: testPrint.body, response: { 200: testPrint.reply, ...REFUSED } },
    },
    async (request) => {
      const outcome = await print(
        layoutTestSlip(deps.terminal.name, deps.now(), deps.terminal.timeZone),
      );
      audit(request, 'test-print', outcome.printed ? 'printed' : 'not-printed', 'printer');
      return outcome;
    },
  );

  const save = ROUTES['/technician/devices/save'];
  server.post(
    '/technician/devices/save',
    {
      schema: { body: save.body, response: { 200: save.reply, ...REFUSED } },
    },
    async (request, reply) => {
      const { device, connection } = request.body;
      if (!deps.devicesFile) {
        return reply
          .status(409)
          .send({ error: 'no-config-folder', message: '终端没有配置目录，无法保存。' });
      }
      // A connection that does not answer is never saved: the terminal keeps the one it has.
      // The built-in simulator cannot be asked unless running (probe.ts): it is saved, and the
      // applier says whether it takes effect now or at the next start.
      const answer = await probeConnection(device, connection, {
        inUse: inUse(device, connection),
        devices: deps.devices,
      });
      if (!answer.answered && connection.transport !== 'simulator') {
        audit(request, 'save', 'refused-no-answer', device);
        return reply
          .status(409)
          .send({ error: 'device-not-answering', message: `${answer.message}没有保存任何更改。` });
      }
      const saved = deps.devicesFile.save(device, connection);
      if (!saved.ok) {
        audit(request, 'save', 'refused-invalid', device);
        return reply
          .status(400)
          .send({ error: 'config-invalid', message: `没有保存：${saved.error}` });
      }
      const unchanged = inUse(device, connection);
      const applied = await deps.applier.apply(saved.value);
      audit(request, 'save', applied === 'now' ? 'saved-applied' : 'saved-for-restart', device);
      const message = unchanged
        ? '已保存，与正在使用的设置相同。'
        : applied === 'now'
          ? '已保存，并已改用新的连接。'
          : '已保存。新的设置在终端重启后生效。';
      return { message, applied, setup: setupView() };
    },
  );

  const undo = ROUTES['/technician/devices/undo'];
  server.post(
    '/technician/devices/undo',
    {
      schema: { body: undo.body, response: { 200: undo.reply, ...REFUSED } },
    },
    async (request, reply) => {
      const restored = deps.devicesFile?.undo();
      if (!restored?.ok) {
        audit(request, 'undo', 'refused');
        return reply
          .status(409)
          .send({ error: 'nothing-to-undo', message: restored?.error ?? '没有可以撤销的更改。' });
      }
      const applied = await deps.applier.apply(restored.value);
      audit(request, 'undo', applied === 'now' ? 'restored-applied' : 'restored-for-restart');
      return {
        message:
          applied === 'now' ? '已撤销，恢复为上次的设置。' : '已撤销。恢复的设置在终端重启后生效。',
        applied,
        setup: setupView(),
      };
    },
  );
}
