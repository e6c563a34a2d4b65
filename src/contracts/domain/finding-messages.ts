import { Finding } from './finding';

export interface ViolationContext {
  topic: string;
  subject: string;
  version: number;
}

/**
 * The registry's refusal, in one message Kafka serializers print as is: every finding with its
 * path and what to do instead, then how to get a waiver.
 */
export function contractViolationMessage(context: ViolationContext, findings: Finding[]): string {
  const blocking = findings.filter((f) => f.severity === 'BLOCK');
  const rules = [...new Set(blocking.map((f) => f.rule))];
  return [
    `Schema being registered as version ${context.version} of subject "${context.subject}" breaks the payload contract of topic "${context.topic}" (${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'}):`,
    ...findings.map(findingLine),
    `To register it anyway, an owner of the topic can request a waiver for version ${context.version} (rule${rules.length === 1 ? '' : 's'} ${rules.join(', ')}) and a steward approve it.`,
  ].join('\n');
}

export function findingLine(f: Finding): string {
  const where = f.path ? ` at \`${f.path}\`` : '';
  return `- [${f.severity}] ${f.rule}${where}: ${f.message} Instead: ${f.hint}`;
}
