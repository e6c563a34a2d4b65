import { accessLogLevel } from './access-log';

const level = (method: string, url: string, statusCode: number, err?: Error) => accessLogLevel({ method, url }, { statusCode }, err);

describe('access-log level', () => {
  it('logs successful schema fetches at debug and everything else at info', () => {
    expect(level('GET', '/schemas/ids/12', 200)).toBe('debug');
    expect(level('GET', '/schemas/ids/12', 404)).toBe('info');
    expect(level('GET', '/schemas/ids/12?subject=s&format=serialized', 200)).toBe('debug');
    expect(level('GET', '/schemas/ids/12/subjects', 200)).toBe('info');
    expect(level('POST', '/subjects/s/versions', 200)).toBe('info');
    expect(level('GET', '/schemas/ids/12', 200, new Error('boom'))).toBe('info');
  });
});
