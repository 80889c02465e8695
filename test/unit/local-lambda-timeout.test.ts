import { describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUT_SECONDS } from '#functions/manifest';
import { localTimeoutMs } from '#local/lambda';

describe('the local Lambda runtime’s timeout (SIFPM_LOCAL_LAMBDA_TIMEOUT_S)', () => {
  it('is the deployed timeout unless set, the seconds given when set, and refuses anything but whole seconds in 1…900', () => {
    expect(localTimeoutMs({})).toBe(FUNCTION_TIMEOUT_SECONDS * 1000);
    expect(localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '' })).toBe(30_000);
    expect(localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '300' })).toBe(300_000);
    expect(() => localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: 'abc' })).toThrow(
      /须为秒数 \/ must be a number of seconds/,
    );
    expect(() => localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '1.5' })).toThrow(
      /须为整数秒 \/ must be whole seconds/,
    );
    expect(() => localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '0' })).toThrow(
      /至少 1 秒 \/ must be at least 1 second/,
    );
    expect(() => localTimeoutMs({ SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '901' })).toThrow(/至多 900 秒/);
  });
});
