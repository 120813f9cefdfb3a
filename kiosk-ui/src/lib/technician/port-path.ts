/**
 * What is wrong with a typed serial port path, in words, before it goes to the agent: the
 * agent's schema refuses a path that is not absolute with a message about the simulator's
 * fields, which tells a technician nothing. The pattern is the contract's
 * (DeviceConnectionSchema in contract/src/agent/technician.ts).
 */
export const PORT_PATH_PATTERN = /^\/[A-Za-z0-9._/:+@-]{1,250}$/;

/** Null for a path the agent accepts; else what is wrong and how to write it. */
export function portPathProblem(path: string): string | null {
  if (path === '') return '请填写端口，例如 /dev/ttyUSB0，或从下面的列表中选择。';
  if (!path.startsWith('/')) {
    return `端口要写完整路径，以 / 开头：例如 /dev/${path.slice(0, 40)}，或从下面的列表中选择。`;
  }
  if (!PORT_PATH_PATTERN.test(path)) {
    return '端口路径只能有字母、数字和 . _ / : + @ -（不能有空格），最长 251 个字符，例如 /dev/ttyUSB0。';
  }
  return null;
}
