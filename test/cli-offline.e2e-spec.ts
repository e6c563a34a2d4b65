import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runCli } from './support/server-process';
import { orderCompatible, orderIncompatible, orderV1, paymentIncompatible, paymentV1, SchemaWorkspace } from './support/schema-workspace';
import { describeOncePerCi } from './support/test-passes';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'ci',
  GIT_AUTHOR_EMAIL: 'ci@example.com',
  GIT_COMMITTER_NAME: 'ci',
  GIT_COMMITTER_EMAIL: 'ci@example.com',
};

const money = { type: 'record', name: 'Money', namespace: 'com.acme', fields: [{ name: 'cents', type: 'long' }] };
const moneyRenamed = { ...money, fields: [{ name: 'amount', type: 'long' }] };
const invoice = { type: 'record', name: 'Invoice', namespace: 'com.acme', fields: [{ name: 'total', type: 'com.acme.Money' }] };

/** `charter check --offline`: no server, the engine against the files at a git revision. */
describeOncePerCi('charter check --offline (temporary git repository)', () => {
  const ws = new SchemaWorkspace();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.root, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  const check = (...args: string[]) => runCli(['check', ...args, '--offline'], { CHARTER_URL: '' }, ws.root);

  beforeAll(() => {
    git('init', '-q', '-b', 'main');
    ws.write(
      'charter.yaml',
      [
        'schemas:',
        '  - file: schemas/payments.proto',
        '    topic: payments',
        '    compatibility: NONE',
        '  - file: schemas/money.avsc',
        '    topic: money',
        '  - file: schemas/invoice.avsc',
        '    topic: invoices',
        '    references: [{ name: com.acme.Money, subject: money-value, version: 1 }]',
      ].join('\n'),
    );
    ws.write('schemas/orders-value.avsc', orderV1);
    ws.write('schemas/payments.proto', paymentV1);
    ws.write('schemas/money.avsc', money);
    ws.write('schemas/invoice.avsc', invoice);
    git('add', '.');
    git('commit', '-q', '-m', 'first schemas');
    // Second commit: a compatible change (a field with a default).
    ws.write('schemas/orders-value.avsc', orderCompatible);
    git('commit', '-q', '-am', 'orders: add note');
  });
  afterAll(() => ws.remove());

  it('a compatible change between the two commits passes (exit 0)', () => {
    const result = check('schemas', '--against', 'HEAD~1');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('✔ schemas/orders-value.avsc → orders-value: compatible under BACKWARD');
    expect(result.stdout).toContain('offline against git HEAD~1');
    expect(result.status).toBe(0);
  });

  it('an incompatible change fails (exit 1) with the path and the reason, in every format', () => {
    ws.write('schemas/orders-value.avsc', orderIncompatible);
    try {
      const human = check('schemas/orders-value.avsc', '--against', 'HEAD');
      expect(human.status).toBe(1);
      expect(human.stdout).toMatch(
        /TYPE_MISMATCH at \/fields\/1\/type \(line 11\): Field 'amount' in record 'com.acme.Order' is string in the reader but int in the writer/,
      );
      const json = JSON.parse(check('schemas/orders-value.avsc', '--against', 'HEAD', '--format', 'json').stdout);
      expect(json.files[0]).toMatchObject({
        status: 'INCOMPATIBLE',
        level: 'BACKWARD',
        problems: [{ rule: 'TYPE_MISMATCH', path: '/fields/1/type', line: 11 }],
      });
      expect(check('schemas/orders-value.avsc', '--against', 'HEAD', '--format', 'github').stdout).toContain(
        '::error file=schemas/orders-value.avsc,line=11,',
      );
      expect(check('schemas/orders-value.avsc', '--against', 'HEAD', '--format', 'junit').stdout).toContain(
        '<failure type="TYPE_MISMATCH"',
      );
    } finally {
      git('checkout', '--', 'schemas/orders-value.avsc');
    }
  });

  it('the level comes from the manifest: NONE lets an incompatible change through', () => {
    ws.write('schemas/payments.proto', paymentIncompatible);
    try {
      const result = check('schemas/payments.proto', '--against', 'HEAD');
      expect(result.stdout).toContain('payments-value: compatible under NONE');
      expect(result.status).toBe(0);
    } finally {
      git('checkout', '--', 'schemas/payments.proto');
    }
  });

  it('a file that did not exist at the revision is a new subject, and passes', () => {
    ws.write('schemas/refunds-value.avsc', orderV1);
    try {
      const result = check('schemas/refunds-value.avsc', '--against', 'HEAD');
      expect(result.stdout).toContain('refunds-value: new subject, compatible');
      expect(result.status).toBe(0);
    } finally {
      rmSync(ws.path('schemas', 'refunds-value.avsc'));
    }
  });

  it('references resolve from the files the manifest maps, on each side of the comparison', () => {
    expect(check('schemas/invoice.avsc', '--against', 'HEAD').status).toBe(0);
    // Renaming the referenced record's field breaks readers of old invoices.
    ws.write('schemas/money.avsc', moneyRenamed);
    try {
      const result = check('schemas/invoice.avsc', '--against', 'HEAD', '--format', 'json');
      expect(result.status).toBe(1);
      expect(JSON.parse(result.stdout).files[0].problems[0].rule).toBe('READER_FIELD_MISSING_DEFAULT_VALUE');
    } finally {
      git('checkout', '--', 'schemas/money.avsc');
    }
  });

  it('an unknown revision or a missing --against is a usage error (exit 2)', () => {
    const unknown = check('schemas', '--against', 'no-such-branch');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("--against: unknown git revision 'no-such-branch'");
    const missing = runCli(['check', 'schemas', '--offline'], {}, ws.root);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--offline needs --against <git-ref>');
  });
});
