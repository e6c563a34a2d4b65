import pino from 'pino';
import { Writable } from 'node:stream';
import { lazyChildLogger } from './lazy-child-logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('lazy request child logger', () => {
  it('makes the child only when something logs through it, with its bindings, at its level', async () => {
    const { lines, logger } = capture();
    const child = jest.spyOn(logger, 'child');
    const log = lazyChildLogger(logger, { reqId: 'r-1' }, {});
    expect(log.level).toBe('info');
    log.debug('below the level');
    expect(child).toHaveBeenCalledTimes(1); // a call at any level makes it; pino then drops it
    log.info({ a: 1 }, 'hello');
    log.error('again');
    expect(child).toHaveBeenCalledTimes(1);
    await new Promise((r) => setImmediate(r));
    expect(lines.map(({ reqId, a, msg }) => ({ reqId, a, msg }))).toEqual([
      { reqId: 'r-1', a: 1, msg: 'hello' },
      { reqId: 'r-1', a: undefined, msg: 'again' },
    ]);
  });

  it('never makes the child when nothing logs', () => {
    const { logger } = capture();
    const child = jest.spyOn(logger, 'child');
    lazyChildLogger(logger, { reqId: 'r-2' }, {});
    expect(child).not.toHaveBeenCalled();
  });
});
