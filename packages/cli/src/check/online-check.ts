import { FileReport } from './check-report';
import { invalidSchema, readCompatibilityAnswer } from './server-answer';
import { SchemaTarget } from './schema-targets';
import { parseLocal, readSchemaText, withLines } from './local-schema';
import { RegistryClient, subjectPath } from '../registry-client';

const SUBJECT_NOT_FOUND = 40401;

/**
 * Asks the server for a dry run of each file against its subject (the same check as registration,
 * payload-contract findings included). Files without references are parsed locally first, so a
 * typo is reported with its line without a round trip.
 */
export async function checkOnline(targets: SchemaTarget[], client: RegistryClient): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const target of targets) reports.push(await checkOne(target, client));
  return reports;
}

async function checkOne(target: SchemaTarget, client: RegistryClient): Promise<FileReport> {
  const base = { file: target.file, subject: target.subject, schemaType: target.schemaType };
  const { text, problem } = readSchemaText(target);
  if (text === undefined) return { ...base, status: 'INVALID', problems: [problem!] };
  if (target.references.length === 0) {
    const local = parseLocal(target, text, []);
    if (local.problem) return { ...base, status: 'INVALID', problems: withLines([local.problem], target, text) };
  }
  const answer = await client.post(`/compatibility/subjects/${subjectPath(target.subject)}/versions?verbose=true`, {
    schema: text,
    schemaType: target.schemaType,
    ...(target.references.length > 0 ? { references: target.references } : {}),
  });
  if (answer.status === 404 && answer.body?.error_code === SUBJECT_NOT_FOUND) {
    return { ...base, status: 'NEW_SUBJECT', problems: [] };
  }
  if (answer.status !== 200) {
    const message = typeof answer.body?.message === 'string' ? answer.body.message : `the server answered ${answer.status}`;
    return { ...base, status: 'INVALID', problems: withLines([invalidSchema(message)], target, text) };
  }
  const read = readCompatibilityAnswer(answer.body);
  return {
    ...base,
    status: read.status,
    ...(read.againstVersion !== undefined ? { againstVersion: read.againstVersion } : {}),
    ...(read.level ? { level: read.level } : {}),
    problems: withLines(read.problems, target, text),
  };
}
