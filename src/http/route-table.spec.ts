import { patternOf } from './route-table';

describe('route table paths', () => {
  it('reads parameters as one segment, ignores case and accepts a trailing slash', () => {
    const p = patternOf('/subjects/:subject/versions/:version');
    expect(p.test('/subjects/a%2Fb/versions/1')).toBe(true);
    expect(p.test('/Subjects/a/VERSIONS/latest/')).toBe(true);
    expect(p.test('/subjects/a/b/versions/1')).toBe(false);
    expect(p.test('/subjects/a/versions')).toBe(false);
    expect(patternOf('/').test('/')).toBe(true);
    expect(patternOf('/catalogue/records-of-processing.csv').test('/catalogue/records-of-processingxcsv')).toBe(false);
  });

  it('refuses path syntax it would misread', () => {
    expect(() => patternOf('/files/*path')).toThrow('*path');
    expect(() => patternOf('/a{/:b}')).toThrow();
  });
});
