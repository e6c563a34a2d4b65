import { CompatibilityLevel, CompatibilityResult } from '@charter/engine';

/**
 * Confluent's rendering of a failed check: each incompatibility as `{errorType:'..',
 * description:'..'}`, then the old version, its schema and the level. Clients show it verbatim.
 */
export function incompatibilityMessages(result: CompatibilityResult, level: CompatibilityLevel, oldSchema?: string): string[] {
  const messages = result.incompatibilities.map(
    (i) => `{errorType:'${i.kind}', description:'${i.path ? `The schema at '${i.path}': ` : ''}${i.message.replace(/'/g, '"')}'}`,
  );
  if (result.failedVersion !== undefined) messages.push(`{oldSchemaVersion: ${result.failedVersion}}`);
  if (oldSchema !== undefined) messages.push(`{oldSchema: '${oldSchema}'}`);
  messages.push(`{validateFields: 'false', compatibility: '${level}'}`);
  return messages;
}

export function incompatibleRegistrationMessage(subject: string, messages: string[]): string {
  return `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`;
}
