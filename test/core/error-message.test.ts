import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../core/error-message.ts';

describe('errorMessage', () => {
  it('takes an Error’s message, or its name when the message is empty', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
    expect(errorMessage(new RangeError(''))).toBe('RangeError');
  });

  it('gives the string form of anything else thrown', () => {
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ toString: () => 'custom' })).toBe('custom');
  });

  it('never throws, even for a value whose string conversion throws', () => {
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(errorMessage(hostile)).toBe('unknown error');
    expect(errorMessage(Object.create(null))).toBe('unknown error');
  });
});
