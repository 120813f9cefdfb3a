import { describe, expect, it } from 'vitest';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const serial = { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 };

function problemsOf(data: unknown) {
  const result = validateConfig('devices', data, 'devices.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('devices config', () => {
  it('accepts the default file: development profile with every device simulated', () => {
    const result = validateConfig('devices', defaultData('devices'));
    expect(result).toEqual({
      ok: true,
      value: {
        profile: 'development',
        allowSimulatorsInProduction: false,
        idCardReader: { transport: 'simulator' },
        printer: {
          transport: 'simulator',
          paperWidthMm: 80,
          fourByteGlyphs: false,
          bufferedStatus: true,
        },
        scanner: { transport: 'simulator' },
        counterCallers: {
          transport: 'simulator',
          keypads: [1, 2, 3].map((n) => ({ address: n, counter: n })),
        },
        counterDisplays: {
          transport: 'simulator',
          encoding: 'gb2312',
          displays: [1, 2, 3].map((n) => ({ address: n, counter: n })),
        },
        speech: { engine: 'espeak-ng', voice: 'cmn', output: { kind: 'audio-device' }, repeat: 2 },
      },
    });
  });

  it('takes the scanner as optional, and as a serial device like the others', () => {
    const { scanner: _, ...without } = defaultData('devices');
    const absent = validateConfig('devices', without);
    expect(absent.ok && 'scanner' in absent.value).toBe(false);
    const scanner = { ...serial, path: '/dev/ttyACM0', baudRate: 9600 };
    const attached = validateConfig('devices', { ...without, scanner });
    expect(attached.ok && attached.value.scanner).toEqual(scanner);
    expect(problemsOf({ ...without, scanner: { transport: 'bluetooth' } })[0]).toMatchObject({
      path: 'scanner.transport',
    });
  });

  it('takes a USB HID scanner with its report layout, and names the layouts when it is wrong', () => {
    const hid = { transport: 'hid', vendorId: '0c2e', productId: '0b87', adapter: 'hid-pos' };
    const result = validateConfig('devices', { ...defaultData('devices'), scanner: hid });
    expect(result.ok && result.value.scanner).toEqual({
      ...hid,
      vendorId: 0x0c2e,
      productId: 0x0b87,
    });
    const wrong = problemsOf({
      ...defaultData('devices'),
      scanner: { ...hid, adapter: 'keyboard' },
    });
    expect(wrong.map((p) => p.path)).toEqual(['scanner.adapter']);
    expect(wrong[0]?.expected).toContain('"hid-pos", "length-prefixed-64"');
  });

  it('defaults the printer to 80 mm paper without 4-byte glyphs, asked for GS r, and takes 58 mm', () => {
    const base = { profile: 'development', idCardReader: { transport: 'simulator' } };
    const plain = validateConfig('devices', { ...base, printer: serial });
    expect(plain.ok && plain.value.printer).toEqual({
      ...serial,
      paperWidthMm: 80,
      fourByteGlyphs: false,
      bufferedStatus: true,
    });
    const narrow = { ...serial, paperWidthMm: 58, fourByteGlyphs: true, bufferedStatus: false };
    const set = validateConfig('devices', { ...base, printer: narrow });
    expect(set.ok && set.value.printer).toEqual(narrow);
  });

  it('refuses a bufferedStatus that is not a boolean and says what it is for', () => {
    const data = {
      profile: 'development',
      idCardReader: { transport: 'simulator' },
      printer: { transport: 'simulator', bufferedStatus: 'no' },
    };
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'printer.bufferedStatus' });
    expect(problems[0]?.expected).toContain('GS r 1');
  });

  it('refuses a paper width other than 58 or 80 and says which are allowed', () => {
    const data = {
      profile: 'development',
      idCardReader: { transport: 'simulator' },
      printer: { transport: 'simulator', paperWidthMm: 76 },
    };
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'printer.paperWidthMm', found: '76' });
    expect(problems[0]?.expected).toContain('58 or 80');
  });

  it('keeps printer settings off the ID-card reader', () => {
    const data = {
      profile: 'development',
      idCardReader: { transport: 'simulator', paperWidthMm: 80 },
      printer: { transport: 'simulator' },
    };
    expect(problemsOf(data)[0]).toMatchObject({ path: 'idCardReader.paperWidthMm' });
  });

  it('defaults allowSimulatorsInProduction to false', () => {
    const { allowSimulatorsInProduction: _, ...data } = defaultData('devices');
    const result = validateConfig('devices', data);
    expect(result.ok && result.value.allowSimulatorsInProduction).toBe(false);
  });

  it('accepts serial devices with their path used as given', () => {
    const data = {
      profile: 'production',
      idCardReader: { ...serial, path: '/dev/serial/by-id/usb-FTDI_FT232R-if00-port0' },
      printer: { ...serial, path: '/tmp/vport-printer', baudRate: 9600 },
    };
    const result = validateConfig('devices', data);
    expect(result.ok && result.value.idCardReader).toEqual(data.idCardReader);
  });

  it('refuses a simulator in production and says how to fix it', () => {
    const data = {
      profile: 'production',
      idCardReader: serial,
      printer: { transport: 'simulator' },
    };
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'printer.transport', found: '"simulator"' });
    expect(problems[0]?.expected).toContain('"transport": "serial"');
    expect(problems[0]?.expected).toContain('"allowSimulatorsInProduction": true');
  });

  it('refuses every simulator in production, even when another field is broken', () => {
    const data = { ...defaultData('devices'), profile: 'production', colour: 'red' };
    expect(problemsOf(data).map((p) => p.path)).toEqual([
      'idCardReader.transport',
      'printer.transport',
      'scanner.transport',
      'counterCallers.transport',
      'counterDisplays.transport',
      'colour',
    ]);
  });

  it('allows simulators in production when explicitly allowed', () => {
    const data = {
      ...defaultData('devices'),
      profile: 'production',
      allowSimulatorsInProduction: true,
    };
    expect(validateConfig('devices', data).ok).toBe(true);
  });

  it('explains serial mistakes: relative path, baud rate as text, unknown key, bad transport', () => {
    const problems = problemsOf({
      profile: 'demo',
      idCardReader: { transport: 'serial', path: 'ttyUSB0', baudRate: '115200', parity: 'none' },
      printer: { transport: 'usb' },
    });
    expect(problems.map((p) => [p.path, p.found])).toEqual([
      ['idCardReader.path', '"ttyUSB0"'],
      ['idCardReader.baudRate', '"115200"'],
      ['idCardReader.parity', '"none"'],
      ['printer.transport', '"usb"'],
    ]);
    expect(byPath(problems, 'idCardReader.path')?.expected).toContain('/dev/serial/by-id/');
    expect(byPath(problems, 'idCardReader.baudRate')?.expected).toContain(
      '9600, 19200, 38400, 57600, 115200',
    );
    expect(byPath(problems, 'idCardReader.parity')?.expected).toContain(
      'allowed here: transport, path, match, baudRate',
    );
    expect(byPath(problems, 'printer.transport')?.expected).toContain('"simulator" or "serial"');
  });

  it('finds a serial adapter by its /dev/serial/by-id name parts instead of a path', () => {
    const match = { vendor: 'FTDI', product: 'FT232R_USB_UART', serialNumber: 'A50285BI' };
    const result = validateConfig('devices', {
      profile: 'production',
      idCardReader: { transport: 'serial', match, baudRate: 115200 },
      printer: {
        transport: 'serial',
        match: { vendor: '1a86', product: 'USB_Serial' },
        baudRate: 9600,
      },
    });
    expect(result.ok && result.value.idCardReader).toEqual({
      transport: 'serial',
      match,
      baudRate: 115200,
    });
    expect(result.ok && result.value.printer).toMatchObject({ paperWidthMm: 80 });
  });

  it('wants exactly one of "path" and "match", and by-id parts without slashes or spaces', () => {
    const problems = problemsOf({
      profile: 'demo',
      idCardReader: { transport: 'serial', baudRate: 115200 },
      printer: {
        transport: 'serial',
        path: '/dev/ttyUSB1',
        match: { vendor: 'Acme Corp', product: 'P/1' },
        baudRate: 9600,
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'idCardReader.path',
      'printer.match',
      'printer.match.vendor',
      'printer.match.product',
    ]);
    expect(byPath(problems, 'idCardReader.path')?.expected).toContain('"match"');
    expect(byPath(problems, 'printer.match')?.expected).toContain('not both');
  });

  it('refuses keypads and displays on one serial port, naming both', () => {
    const data = defaultData('devices');
    const bus = { transport: 'serial', path: '/dev/ttyUSB1', baudRate: 9600 };
    data.counterCallers = { ...bus, keypads: data.counterCallers.keypads };
    data.counterDisplays = { ...bus, displays: data.counterDisplays.displays };
    data.printer = { ...serial, path: '/dev/ttyUSB2' };
    expect(problemsOf(data)).toEqual([
      {
        file: 'devices.json',
        path: 'counterDisplays.path',
        found: '"/dev/ttyUSB1"',
        expected: expect.stringMatching(
          /"counterCallers" is already on \/dev\/ttyUSB1.*one bus shared by the caller keypads and the LED displays is not supported/,
        ),
      },
    ]);
  });

  it('refuses two devices matching one USB adapter, unless serial numbers tell them apart', () => {
    const data = defaultData('devices');
    const adapter = { vendor: 'FTDI', product: 'FT232R_USB_UART' };
    data.idCardReader = { transport: 'serial', match: adapter, baudRate: 115200 };
    data.printer = {
      transport: 'serial',
      match: { ...adapter, serialNumber: 'A1' },
      baudRate: 9600,
    };
    const problem = problemsOf(data)[0];
    expect(problem?.path).toBe('printer.match');
    expect(problem?.expected).toContain('"idCardReader" already matches');
    expect(problem?.expected).toContain('"serialNumber"');
    data.idCardReader.match = { ...adapter, serialNumber: 'B2' };
    expect(validateConfig('devices', data).ok).toBe(true);
  });

  it('takes a USB HID ID-card reader by hex vendor and product id and a named adapter', () => {
    const hid = {
      transport: 'hid',
      vendorId: '0483',
      productId: '5750',
      adapter: 'length-prefixed-64',
    };
    const result = validateConfig('devices', {
      ...defaultData('devices'),
      idCardReader: hid,
    });
    expect(result.ok && result.value.idCardReader).toEqual({
      ...hid,
      vendorId: 0x0483,
      productId: 0x5750,
    });
  });

  it('explains HID mistakes, and keeps the printer serial only', () => {
    const problems = problemsOf({
      profile: 'demo',
      idCardReader: { transport: 'hid', vendorId: 1155, productId: '0x5750', adapter: 'generic' },
      printer: { transport: 'hid', vendorId: '0483', productId: '5750' },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'idCardReader.vendorId',
      'idCardReader.productId',
      'idCardReader.adapter',
      'printer.transport',
    ]);
    expect(byPath(problems, 'idCardReader.vendorId')?.expected).toContain('4 hex digits');
    expect(byPath(problems, 'idCardReader.adapter')?.expected).toContain('"length-prefixed-64"');
  });

  it('lists the allowed profiles', () => {
    const problems = problemsOf({ ...defaultData('devices'), profile: 'prod' });
    expect(problems[0]?.expected).toMatch(/"development".*"demo".*"production"/);
  });

  it('reports a missing device as missing', () => {
    const { printer: _, ...data } = defaultData('devices');
    expect(problemsOf(data)).toEqual([
      expect.objectContaining({ path: 'printer', found: 'missing' }),
    ]);
  });
});
