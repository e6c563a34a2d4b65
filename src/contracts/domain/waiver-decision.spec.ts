import { decideWaiver, WAIVER_STATES, WaiverState } from './waiver-decision';

const steward = { username: 'stella', steward: true };
const open = { state: 'REQUESTED' as const, requestedBy: 'olive' };

describe('decideWaiver', () => {
  it('lets a steward grant or reject an open request', () => {
    expect(decideWaiver(open, 'APPROVE', steward)).toBe('GRANTED');
    expect(decideWaiver(open, 'REJECT', steward)).toBe('REJECTED');
  });

  it('refuses anyone but a steward', () => {
    expect(() => decideWaiver(open, 'APPROVE', { username: 'olive2', steward: false })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: { rule: 'steward-decides' } }),
    );
  });

  it('refuses a steward deciding their own request', () => {
    expect(() => decideWaiver({ ...open, requestedBy: 'stella' }, 'APPROVE', steward)).toThrow(
      expect.objectContaining({ details: { rule: 'four-eyes' } }),
    );
  });

  it.each(WAIVER_STATES.filter((s) => s !== 'REQUESTED'))('refuses to decide a %s waiver again', (state) => {
    for (const command of ['APPROVE', 'REJECT'] as const) {
      expect(() => decideWaiver({ state: state as WaiverState, requestedBy: 'olive' }, command, steward)).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
    }
  });
});
