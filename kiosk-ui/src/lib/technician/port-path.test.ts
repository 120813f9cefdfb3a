import { describe, expect, it } from 'vitest';
import { DeviceConnectionSchema } from '@bianmin/contract';
import { PORT_PATH_PATTERN, portPathProblem } from './port-path';

describe('a typed serial port path', () => {
  it('is checked with the pattern the agent checks it with', () => {
    // TypeBox's string schema keeps its options (the pattern) out of its type.
    const { path } = DeviceConnectionSchema.anyOf[1].properties;
    const pattern: unknown = Reflect.get(path, 'pattern');
    expect(PORT_PATH_PATTERN.source).toBe(new RegExp(String(pattern)).source);
  });

  it('says in words what is wrong with a path the agent would refuse, and how to write it', () => {
    expect(portPathProblem('/dev/ttyUSB0')).toBeNull();
    expect(portPathProblem('/dev/serial/by-id/usb-FTDI_FT232R_A10K1234-if00-port0')).toBeNull();
    expect(portPathProblem('')).toContain('请填写端口');
    expect(portPathProblem('ttyUSB0')).toContain('以 / 开头：例如 /dev/ttyUSB0');
    expect(portPathProblem('/dev/tty USB0')).toContain('不能有空格');
  });
});
