import type { EventLogger } from '@bianmin/common';
import type { ConfigKey, EnrolReply, EnrolRequest } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import {
  discardEnrolmentTokenFile,
  fileKeyStore,
  loadTerminalCredentials,
  memoryKeyStore,
} from '@bianmin/sync/terminal-identity';
import { createUploader, type HeartbeatSnapshot, type UploadError } from '@bianmin/sync/uploader';
import type { SwitchableCredentials } from './switchable-credentials.js';

export interface ScreenEnrolmentDeps {
  terminalId: string;
  dataDir: string;
  /** The centre the uploader sends to: another address needs terminal.json and a restart. */
  centreUrl: string;
  outbox: Pick<
    Outbox,
    'pending' | 'acknowledge' | 'rewind' | 'ackedUpTo' | 'pendingCount' | 'epoch' | 'heldFrom'
  >;
  heartbeat: () => HeartbeatSnapshot;
  identity: SwitchableCredentials;
  /** Keeps the centre's configuration-signing key, as the agent's own uploader does. */
  pinCentreConfigKey: (key: ConfigKey) => void;
  logger: EventLogger;
}

const REFUSALS: Record<string, string> = {
  'enrolment-token-unknown': '中心不认识这个登记码（或者已经换发了新的登记码）。',
  'enrolment-token-used': '这个登记码已经用过了，请向中心管理员要一个新的。',
  'enrolment-token-expired': '这个登记码已经过期，请向中心管理员要一个新的。',
  'unknown-terminal': '中心还没有建立这台终端：请管理员先在中心建立它。',
  'terminal-mismatch': '登记码不是这台终端的。',
};

function failure(error: UploadError): string {
  if (error.kind === 'network') return `连不上中心（${error.detail}）：请检查网络和中心地址。`;
  if (error.kind === 'http' && error.code && REFUSALS[error.code])
    return REFUSALS[error.code] ?? '';
  if (error.kind === 'http') return `中心拒绝了登记（${error.status}）。`;
  return '中心的应答无法识别：请检查中心地址。';
}

/**
 * Enrols the terminal with a one-time token typed on the technician screen (docs/protocol.md,
 * "Keys and enrolment"). The new key is made and tried in memory first, so a mistyped token
 * never replaces a key that works; once the centre accepts it, it is written to the data
 * folder and the running uploader signs with it from then on.
 */
export function createScreenEnrolment(deps: ScreenEnrolmentDeps) {
  return async (request: EnrolRequest): Promise<EnrolReply> => {
    const trial = memoryKeyStore();
    const credentials = loadTerminalCredentials({
      terminalId: deps.terminalId,
      store: trial,
      enrolmentToken: request.token,
    });
    if (!credentials.ok) return { enrolled: false, message: '无法生成终端密钥。' };
    // Pinned only once the enrolment holds: a refused token must not change whom we trust.
    let offeredKey: ConfigKey | undefined;
    const uploader = createUploader({
      outbox: deps.outbox,
      terminalId: deps.terminalId,
      credentials: credentials.value,
      centreUrl: request.centreUrl,
      heartbeat: deps.heartbeat,
      uploadIntervalMs: 60_000,
      heartbeatIntervalMs: 60_000,
      logger: deps.logger,
      onCentreConfigKey: (key) => {
        offeredKey = key;
      },
    });
    const sent = await uploader.heartbeatOnce();
    await uploader.stop();
    if (credentials.value.state() !== 'enrolled') {
      return { enrolled: false, message: sent.ok ? '登记没有完成。' : failure(sent.error) };
    }
    const key = trial.read();
    const written = key.ok && key.value ? fileKeyStore(deps.dataDir).write(key.value) : key;
    if (!written.ok)
      return { enrolled: false, message: '中心已接受，但密钥文件写不进去：请检查数据目录。' };
    // A token file left from the installer (refused, or older than the token just used) is
    // worthless now, and at the next start would make a new key over the one just enrolled.
    discardEnrolmentTokenFile(deps.dataDir);
    const saved = loadTerminalCredentials({
      terminalId: deps.terminalId,
      store: fileKeyStore(deps.dataDir),
    });
    if (saved.ok) {
      saved.value.noteServerTime(Date.now() + credentials.value.clockOffsetMs());
      deps.identity.replace(saved.value);
    }
    if (offeredKey) deps.pinCentreConfigKey(offeredKey);
    const sameCentre = request.centreUrl.replace(/\/+$/, '') === deps.centreUrl.replace(/\/+$/, '');
    return {
      enrolled: true,
      message: sameCentre
        ? `登记成功：终端 ${deps.terminalId} 已在中心登记，从现在起用新密钥上报。`
        : `登记成功。但这个中心地址与终端配置（terminal.json 的 centre.url）不同：请改好配置后重启终端。`,
    };
  };
}
