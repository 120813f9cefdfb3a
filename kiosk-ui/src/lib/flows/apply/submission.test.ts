import { describe, expect, it } from 'vitest';
import type { ApplicationReceipt } from '../../agent/types.js';
import { submitOutcome } from './submission.js';

const receipt: ApplicationReceipt = {
  reference: 'SQ-20261126-0007',
  submittedAt: '2026-11-26T02:00:00.000Z',
  destination: { name: '社区便民服务中心（帮办代办）', description: '申请已保存在本自助终端。' },
};
const refused = (status: number, error?: string, where?: string) =>
  submitOutcome({
    ok: false,
    status,
    refusal: { ...(error && { error, message: '…' }), ...(where && { where }) },
  });

describe('how the apply flow reads the agent’s answer to a submission', () => {
  it('takes a receipt as submitted', () => {
    expect(submitOutcome({ ok: true, value: receipt })).toEqual({ kind: 'submitted', receipt });
  });

  it('offers a retry only where nothing was committed: a 503, or no answer at all', () => {
    expect(refused(503, 'application-not-committed')).toEqual({ kind: 'not-committed' });
    expect(refused(503, 'storage-unavailable')).toEqual({ kind: 'not-committed' });
    expect(refused(0)).toEqual({ kind: 'not-committed' });
    expect(refused(502)).toEqual({ kind: 'not-committed' });
  });

  it('shows the application a request id already submitted, when this one was not', () => {
    expect(
      submitOutcome({
        ok: false,
        status: 409,
        refusal: { error: 'application-request-conflict', message: '…', receipt },
      }),
    ).toEqual({ kind: 'already-submitted', receipt });
    expect(refused(409, 'application-request-conflict')).toEqual({ kind: 'refused' });
  });

  it('has the card read again when the agent no longer holds the read', () => {
    expect(refused(400, 'application-unknown-card-read')).toEqual({ kind: 'card-read-gone' });
  });

  it('names the question whose answer was refused', () => {
    expect(refused(400, 'application-invalid-answer', 'answers.moved-in')).toEqual({
      kind: 'answer-refused',
      questionId: 'moved-in',
    });
    expect(refused(400, 'application-invalid-answer')).toEqual({ kind: 'refused' });
  });

  it('leaves the rest to staff: a retry would meet the same refusal', () => {
    for (const error of [
      'application-unknown-service',
      'application-unknown-question',
      'application-invalid-id-number',
      'body-invalid',
    ]) {
      expect(refused(400, error, 'answers.x')).toEqual({ kind: 'refused' });
    }
    expect(refused(404)).toEqual({ kind: 'refused' });
  });
});
